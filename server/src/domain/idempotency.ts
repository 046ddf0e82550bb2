import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import type { Store } from '../store/types.ts';

/** A first response is kept and replayed for this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * How long one attempt owns a key. Within a process a second request waits for
 * the first; a request to another process (or after a crash) is told
 * `idempotency_in_progress` until the lease runs out, then takes the key over.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

export type IdempotencyClaim =
  | { kind: 'acquired' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'busy'; retryAfterSeconds: number };

interface Deps {
  store: Store;
  clock: Clock;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Claims `key` for a request in one commit: a new key is taken; the same key
 * with another request is refused; a finished one is replayed; one still
 * running belongs to its owner until the lease lapses.
 */
export function claimIdempotencyKey(deps: Deps, merchantId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now().getTime();
    let row = await tx.idempotencyKeys.get(merchantId, key);
    if (row && Date.parse(row.expiresAt) <= now) {
      await tx.idempotencyKeys.delete(merchantId, key);
      row = null;
    }
    if (!row) {
      await tx.idempotencyKeys.insert({
        merchantId,
        key,
        requestHash,
        state: 'running',
        lockedUntil: iso(now + IDEMPOTENCY_LEASE_MS),
        responseStatus: null,
        responseBody: null,
        createdAt: iso(now),
        expiresAt: iso(now + IDEMPOTENCY_TTL_MS),
      });
      return { kind: 'acquired' };
    }
    if (row.requestHash !== requestHash) {
      throw new CimError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.');
    }
    if (row.state === 'done' && row.responseStatus !== null) return { kind: 'replay', status: row.responseStatus, body: row.responseBody ?? '' };
    const lockedUntil = row.lockedUntil === null ? 0 : Date.parse(row.lockedUntil);
    if (lockedUntil > now) return { kind: 'busy', retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
    await tx.idempotencyKeys.update(merchantId, key, { lockedUntil: iso(now + IDEMPOTENCY_LEASE_MS) });
    return { kind: 'acquired' };
  });
}

/** Stores the response to replay for the next 24 hours. */
export function completeIdempotencyKey(deps: Deps, merchantId: string, key: string, status: number, body: string): Promise<void> {
  return deps.store.idempotencyKeys.update(merchantId, key, { state: 'done', lockedUntil: null, responseStatus: status, responseBody: body });
}

/** The attempt ended without a final answer (e.g. processor timeout): a retry with the key may run again at once. */
export function releaseIdempotencyKey(deps: Deps, merchantId: string, key: string): Promise<void> {
  return deps.store.idempotencyKeys.update(merchantId, key, { lockedUntil: iso(0) });
}

/** Maintenance: forgets keys older than 24 hours. */
export function pruneIdempotencyKeys(deps: Deps): Promise<number> {
  return deps.store.idempotencyKeys.deleteExpired(deps.clock.now().toISOString());
}
