import type { Clock } from '../clock.ts';
import type { Store } from '../store/types.ts';
import { pruneIdempotencyKeys } from './idempotency.ts';
import { wipeExpiredCards } from './profile-from-transaction.ts';

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * Wipes one-time cards whose 24 hours are up and forgets day-old Idempotency-Keys,
 * at most every ten minutes. Called after charges, awaited, so no write outlives
 * the request that triggered it.
 */
export function transactionSweeper(deps: { store: Store; clock: Clock }) {
  let lastSweep = -Infinity;
  return async () => {
    const now = deps.clock.now().getTime();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    await Promise.all([wipeExpiredCards(deps), pruneIdempotencyKeys(deps)]);
  };
}
