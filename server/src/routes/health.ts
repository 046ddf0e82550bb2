import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';

/**
 * `/health`: the process answers (liveness: restart it when this fails).
 * `/ready`: it can serve requests, meaning its database answers a query now (readiness: send
 * traffic only while this is 200). Migrations ran before the server started listening, so a
 * process that answers has them. Neither needs a key nor says anything about merchants.
 */
export function health(deps: Pick<AppDeps, 'store' | 'logger'>) {
  return new Hono<AppEnv>()
    .get('/health', (c) => c.json({ ok: true }))
    .get('/ready', async (c) => {
      try {
        await deps.store.signingKeys.list();
        return c.json({ ready: true });
      } catch (error) {
        deps.logger.warn('readiness check failed', { error: error instanceof Error ? error.name : 'unknown' });
        c.header('Retry-After', '1');
        return c.json({ ready: false, reason: 'database_unavailable' }, 503);
      }
    });
}
