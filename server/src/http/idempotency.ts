import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../domain/idempotency.ts';
import { openResponse, sealResponse } from '../domain/idempotency-seal.ts';
import { CimError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAY_HEADER = 'Idempotent-Replayed';

/** A request that arrives while another with its key runs here waits this long for it. */
const WAIT_MS = 30_000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` for every POST it is mounted over (after authentication).
 * The first response — status and body, sealed under the merchant's data key — is stored for 24 hours and replayed
 * for the same key and request, with `Idempotent-Replayed: true`. The same key
 * with another method, path or body → 409 idempotency_key_reused. Concurrent
 * requests with one key run once: in this process the later ones wait for the
 * first and get its replay. 5xx answers (a processor timeout) are not stored:
 * the retry runs again, and the handler resumes what the first attempt began.
 */
export function idempotency(deps: Pick<AppDeps, 'store' | 'clock' | 'keyring'>) {
  const running = new Map<string, Promise<void>>();
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) throw new CimError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', { field: IDEMPOTENCY_HEADER });
    const merchantId = c.var.merchant.id;
    // Keyed with the merchant's fingerprint key: a body may hold a card number, and a plain
    // hash of a low-entropy number could be reversed by trying every candidate.
    const crypto = await deps.keyring.forMerchant(deps.store, merchantId);
    const hash = Buffer.from(crypto.fingerprint('idempotency', `${c.req.method}\n${new URL(c.req.url).pathname}\n${await c.req.text()}`)).toString('hex');
    const slot = `${merchantId}\n${key}`;

    let finish!: () => void;
    const mine = new Promise<void>((resolve) => (finish = resolve));
    for (;;) {
      const earlier = running.get(slot);
      if (earlier) {
        if (!(await waitFor(earlier))) throw busy(Math.ceil(WAIT_MS / 1000));
        continue;
      }
      // Registered in the same tick as the check above, so a concurrent request waits for us.
      running.set(slot, mine);
      let claim;
      try {
        claim = await claimIdempotencyKey(deps, merchantId, key, hash);
      } catch (error) {
        running.delete(slot);
        finish();
        throw error;
      }
      if (claim.kind === 'acquired') break;
      running.delete(slot);
      finish();
      if (claim.kind === 'busy') throw busy(claim.retryAfterSeconds);
      // Through the context, so the replay keeps the headers set for this request (X-Request-Id).
      const headers = { 'content-type': 'application/json', [REPLAY_HEADER]: 'true', [IDEMPOTENCY_HEADER]: key };
      const body = openResponse(crypto, key, claim.body);
      return body === '' ? c.body(null, claim.status as StatusCode, headers) : c.body(body, claim.status as ContentfulStatusCode, headers);
    }

    try {
      await next();
      const status = c.res.status;
      if (status < 500 && status !== 429) await completeIdempotencyKey(deps, merchantId, key, status, sealResponse(crypto, key, await c.res.clone().text()));
      else await releaseIdempotencyKey(deps, merchantId, key);
    } catch (error) {
      await releaseIdempotencyKey(deps, merchantId, key);
      throw error;
    } finally {
      running.delete(slot);
      finish();
    }
  });
}

const busy = (retryAfter: number) =>
  new CimError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly.', { retryAfter });

async function waitFor(earlier: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), WAIT_MS);
    timer.unref();
  });
  const result = await Promise.race([earlier.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
