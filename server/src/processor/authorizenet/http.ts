import { ProcessorTimeoutError } from '../types.ts';

/** A gateway answer larger than this is not read (Authorize.Net's largest, a 1000-row list, is far below it). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export type Json = Record<string, unknown>;

export interface PostOptions {
  timeoutMs: number;
  maxBytes?: number;
}

/**
 * POSTs one JSON request and reads the JSON answer. Every failure to get a readable answer (timeout,
 * reset, a redirect, another HTTP status, too large, not JSON) throws ProcessorTimeoutError: once
 * the request may have reached the gateway its outcome is unknown, and CIM leaves the transaction
 * pending. Redirects are never followed (card data goes to the configured URL only). The request body
 * is never put in an error: it carries the card.
 */
export async function postJson(url: string, body: Json, options: PostOptions): Promise<Json> {
  const limit = options.maxBytes ?? MAX_ANSWER_BYTES;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ProcessorTimeoutError(`The gateway did not answer: ${(error as Error).name}.`, { cause: error });
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new ProcessorTimeoutError(`The gateway answered HTTP ${res.status}.`);
  }
  const text = await readCapped(res, limit);
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Json;
  } catch (error) {
    throw new ProcessorTimeoutError('The gateway answered something that is not a JSON object.', { cause: error });
  }
}

async function readCapped(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new ProcessorTimeoutError(`The gateway's answer is over ${limit} bytes.`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw new ProcessorTimeoutError(`The gateway's answer is over ${limit} bytes.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ProcessorTimeoutError) throw error;
    throw new ProcessorTimeoutError('The gateway\'s answer broke off.', { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
}
