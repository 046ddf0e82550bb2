/**
 * The fetch under the client: an Idempotency-Key on every POST (the caller's, or a new random one),
 * kept across retries, and retries with exponential backoff and full jitter on 429, 503 and
 * network errors, waiting at least what Retry-After says. Only requests that are safe to repeat
 * are retried: GET, PUT and DELETE, and POST because it always carries its key (CIM then answers a
 * repeat with the first result instead of acting twice). PATCH is retried on 429 only, which CIM
 * answers before doing anything.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** The first backoff's ceiling in ms (default 250); it doubles per retry. */
  baseDelayMs?: number;
  /** No single wait is longer (default 20 000 ms); a Retry-After beyond it is not waited for: the answer is returned. */
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const RETRY_STATUSES = new Set([429, 503]);
const REPEATABLE = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'POST']);

/** Retry-After as ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month ("Mon, 07 Dec 2026 06:00:05 GMT"); anything else (a negative number) is unreadable.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function retryingFetch(base: (request: Request) => Promise<Response>, options: RetryOptions = {}) {
  const retries = options.retries ?? 3;
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 20_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;

  return async (input: Request): Promise<Response> => {
    let request = input;
    if (request.method === 'POST' && !request.headers.has(IDEMPOTENCY_HEADER)) {
      const headers = new Headers(request.headers);
      headers.set(IDEMPOTENCY_HEADER, crypto.randomUUID());
      request = new Request(request, { headers });
    }
    for (let attempt = 0; ; attempt++) {
      const backoff = random() * Math.min(maxDelay, baseDelay * 2 ** attempt);
      let response: Response;
      try {
        response = await base(request.clone());
      } catch (error) {
        if (attempt >= retries || !REPEATABLE.has(request.method) || request.signal.aborted) throw error;
        await sleep(backoff);
        continue;
      }
      const retryable = RETRY_STATUSES.has(response.status) && (REPEATABLE.has(request.method) || response.status === 429);
      if (!retryable || attempt >= retries) return response;
      const told = retryAfterMs(response.headers.get('Retry-After'));
      if (told !== undefined && told > maxDelay) return response;
      // Told when: wait that long, plus a little jitter so many clients do not return at once.
      const wait = told === undefined ? backoff : told + random() * baseDelay;
      await response.body?.cancel();
      await sleep(wait);
    }
  };
}
