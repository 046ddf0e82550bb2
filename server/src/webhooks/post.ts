import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveDeliveryAddress } from './addresses.ts';

export interface PostOptions {
  timeoutMs: number;
  /** Bytes of the answer read at most; the rest is dropped and the connection closed. */
  maxResponseBytes: number;
  allowPrivate: boolean;
}

export interface PostResult {
  /** The HTTP status, or null when no answer came (refused address, timeout, connection error). */
  status: number | null;
  durationMs: number;
  /** The start of the answer's body (at most maxResponseBytes), as text. */
  body: string | null;
  error: string | null;
}

/**
 * POSTs `body` to `url` once. The host is resolved and checked here, and the connection goes to
 * the address that was checked (so a DNS answer cannot change between check and connect). No
 * redirects are followed (a 3xx is an answer like any other non-2xx), the whole exchange is
 * bounded by `timeoutMs`, and at most `maxResponseBytes` of the answer are read.
 */
export async function postOnce(url: URL, headers: Record<string, string>, body: string, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: { address: string; family: number };
  try {
    target = await resolveDeliveryAddress(url, options.allowPrivate);
  } catch (error) {
    return { status: null, durationMs: elapsed(), body: null, error: (error as Error).message };
  }
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinned, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), error: null });
      res.on('data', (chunk: Buffer) => {
        const room = options.maxResponseBytes - size;
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += chunk.length;
        if (size >= options.maxResponseBytes) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    const timer = setTimeout(() => finish({ status: null, body: null, error: `no answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    req.on('error', (error) => finish({ status: null, body: null, error: error.message }));
    req.end(body);
  });
}
