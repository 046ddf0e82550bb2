import type { RateLimitStore } from '../types.ts';
import type { Executor } from './executor.ts';

/**
 * One upsert per take: the bucket is refilled for the elapsed time (never above capacity,
 * never by a clock that stepped back), a token taken when one is there, and the outcome
 * returned, all in one statement so concurrent instances cannot both take the last token.
 */
const TAKE = `
INSERT INTO rate_limits (key, tokens, updated_ms, allowed) VALUES (?1, ?2 - 1, ?4, 1)
ON CONFLICT (key) DO UPDATE SET
  tokens = min(?2, tokens + max(0, ?4 - updated_ms) / 1000.0 * ?3) - (min(?2, tokens + max(0, ?4 - updated_ms) / 1000.0 * ?3) >= 1),
  allowed = min(?2, tokens + max(0, ?4 - updated_ms) / 1000.0 * ?3) >= 1,
  updated_ms = max(updated_ms, ?4)
RETURNING tokens, allowed`;

export function sqliteRateLimits(x: Executor): RateLimitStore {
  const { db } = x;
  return {
    take: (key, policy, nowMs) =>
      x.write(() => {
        const row = db.get<{ tokens: number; allowed: number }>(TAKE, key, policy.capacity, policy.refillPerSecond, nowMs)!;
        return { allowed: row.allowed === 1, tokens: row.tokens };
      }),
    deleteIdle: (beforeMs) => x.write(() => db.run('DELETE FROM rate_limits WHERE updated_ms < ?', beforeMs).changes),
  };
}
