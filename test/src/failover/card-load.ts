/**
 * A bounded card-write load: a fixed number of workers, each saving cards one
 * after another (a new customer every five cards: a save answered 503 may still
 * have committed, and must not push a customer past the ten-card limit), until
 * told to stop or a request budget is spent. Every answer is recorded.
 */
import { randomBytes } from 'node:crypto';

export interface Answer {
  kind: 'customer' | 'card';
  status: number;
  id?: string;
  retryAfter: string | null;
  /** The error code of an answer other than 201. */
  code?: string;
  at: number;
}

/** A Luhn-valid 16-digit Visa number, distinct per n, so no save is refused as a duplicate. */
export function visaNumber(n: number): string {
  const body = `4${String(n).padStart(14, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const BILL_TO = { firstName: 'Grace', lastName: 'Hopper', address: '1 Main St', city: 'Arlington', zip: '22201', country: 'US' };

export interface LoadOptions {
  baseUrl: string;
  secretKey: string;
  workers: number;
  maxRequests: number;
  /** Resolves when the load should stop. */
  until: Promise<void>;
  /** Where to record the answers (so the caller can watch them while the load runs); a new array if not given. */
  answers?: Answer[];
}

export async function runCardLoad(options: LoadOptions): Promise<Answer[]> {
  const answers: Answer[] = options.answers ?? [];
  let stopped = false;
  void options.until.then(() => (stopped = true));
  let sent = 0;
  let serial = Number.parseInt(randomBytes(3).toString('hex'), 16) * 1000;

  const post = async (kind: Answer['kind'], path: string, body: unknown): Promise<Answer> => {
    sent++;
    let res: Response;
    try {
      res = await fetch(`${options.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      // No answer at all (connection dropped, timeout): recorded as status 0, which the test refuses.
      const answer: Answer = { kind, status: 0, retryAfter: null, at: Date.now(), code: String((error as Error).cause ?? error) };
      answers.push(answer);
      return answer;
    }
    const json = (await res.json()) as { id?: string; error?: { code: string } };
    const answer: Answer = { kind, status: res.status, retryAfter: res.headers.get('retry-after'), at: Date.now(), ...(res.status === 201 && { id: String(json.id) }), ...(json.error && { code: json.error.code }) };
    answers.push(answer);
    return answer;
  };
  // Answers other than 201 are retried after a short pause, as a client told Retry-After would.
  const pause = () => new Promise((r) => setTimeout(r, 50));

  const worker = async () => {
    let customer: string | undefined;
    let cards = 0;
    while (!stopped && sent < options.maxRequests) {
      if (!customer || cards >= 5) {
        const a = await post('customer', '/v1/customers', { merchantCustomerId: `f-${randomBytes(8).toString('hex')}` });
        if (a.id) [customer, cards] = [a.id, 0];
        else await pause();
        continue;
      }
      const a = await post('card', `/v1/customers/${customer}/payment-profiles`, { card: { number: visaNumber(serial++), expMonth: 12, expYear: 2034 }, billTo: BILL_TO });
      if (a.id) cards++;
      else await pause();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return answers;
}
