import type { RateLimitStore } from '../types.ts';
import { affected, type Executor } from './database.ts';

/** The bucket refilled for the time since its last use: never above capacity, never by a clock that stepped back. */
const REFILLED = 'least($2::float8, rate_limits.tokens + greatest(0, $4::bigint - rate_limits.updated_ms)::float8 / 1000 * $3::float8)';

/**
 * One upsert per take: refill, take a token when one is there, and return the outcome, in one
 * statement. ON CONFLICT DO UPDATE locks the row, so concurrent takes on any instance queue on it
 * and cannot both take the last token.
 */
const TAKE = `
INSERT INTO rate_limits (key, tokens, updated_ms, allowed) VALUES ($1, $2::float8 - 1, $4::bigint, true)
ON CONFLICT (key) DO UPDATE SET
  tokens = ${REFILLED} - CASE WHEN ${REFILLED} >= 1 THEN 1 ELSE 0 END,
  allowed = ${REFILLED} >= 1,
  updated_ms = greatest(rate_limits.updated_ms, $4::bigint)
RETURNING tokens, allowed`;

export function postgresRateLimits(x: Executor): RateLimitStore {
  return {
    take: async (key, policy, nowMs) => {
      const [row] = await x.query<{ tokens: number; allowed: boolean }>(TAKE, [key, policy.capacity, policy.refillPerSecond, nowMs]);
      return { allowed: row!.allowed, tokens: Number(row!.tokens) };
    },
    deleteIdle: (beforeMs) => affected(x, 'DELETE FROM rate_limits WHERE updated_ms < $1', [beforeMs]),
  };
}
