import { SessionCreate } from '@cim/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { pruneUsedTokens } from '../domain/checkout-tokens.ts';
import { pruneProvisionalCards } from '../domain/provisional-cards.ts';
import { RateLimits } from '../domain/rate-limit.ts';
import { createSession, pruneSessions } from '../domain/sessions.ts';
import { sessionLayout } from '../domain/wallet.ts';
import type { AppEnv } from '../http/env.ts';
import { limited } from '../http/rate-limit-headers.ts';
import { validate } from '../http/validate.ts';

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Mounted at /v1/sessions (secret key). */
export function sessions(deps: AppDeps) {
  const limits = new RateLimits(deps, deps.config.CIM_WIDGET_RATE_LIMIT_SCALE);
  let lastSweep = -Infinity;
  // Expired sessions and redeemed-token ids are only bookkeeping: clear them now and then.
  // Awaited (its deletes join the group commit) so no write outlives the request.
  const sweepNowAndThen = async () => {
    const now = deps.clock.now().getTime();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    await Promise.all([pruneSessions(deps), pruneUsedTokens(deps), pruneProvisionalCards(deps), limits.prune()]);
  };
  return new Hono<AppEnv>().post('/', validate('json', SessionCreate), async (c) => {
    await limited(c, limits.sessionCreate(c.var.merchant.id));
    const { token, expiresAt, session } = await createSession(c.var.domain, c.var.merchant, c.req.valid('json'));
    const layout = await sessionLayout(c.var.domain, session);
    await sweepNowAndThen();
    return c.json({ token, expiresAt, layout }, 201);
  });
}
