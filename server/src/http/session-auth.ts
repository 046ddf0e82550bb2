import { createMiddleware } from 'hono/factory';
import type { AppDeps } from '../deps.ts';
import type { TokenContext } from '../domain/checkout-tokens.ts';
import { authFailuresFor } from '../domain/auth-failures.ts';
import type { RateLimits } from '../domain/rate-limit.ts';
import { CimError } from '../errors.ts';
import { limited } from './rate-limit-headers.ts';
import { authenticateSession } from '../domain/sessions.ts';
import type { SessionRecord } from '../store/types.ts';
import type { AppEnv } from './env.ts';
import { routePattern } from './route-pattern.ts';

/** The widget API's typed variables: the live session and a domain context acting for it. */
export interface WidgetEnv {
  Variables: AppEnv['Variables'] & { session: SessionRecord; widget: TokenContext };
}

/**
 * Widget API authentication: `Authorization: Bearer cs_…` naming a live session.
 * Secret keys are refused here just as session tokens are refused by /v1.
 * Rate limits apply per client address before the lookup and per session after it.
 */
export function requireSession(deps: AppDeps, limits: RateLimits) {
  const failures = authFailuresFor(deps);
  return createMiddleware<WidgetEnv>(async (c, next) => {
    failures.assertAllowed(c.var.clientAddress);
    await limited(c, limits.address(c.var.clientAddress));
    const token = /^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    let session: SessionRecord;
    try {
      session = await authenticateSession(deps.store, deps.clock.now(), token);
    } catch (error) {
      // An unknown token is a failed authentication; an expired one is the shopper's own, not an attack.
      if (error instanceof CimError && error.code === 'unauthorized') await failures.failed('widget', c.var.clientAddress, routePattern(c.req.method, c.req.url));
      throw error;
    }
    await limited(c, limits.session(session.id));
    c.set('session', session);
    c.set('widget', {
      store: deps.store,
      keyring: deps.keyring,
      clock: deps.clock,
      signingKeys: deps.signingKeys,
      merchantId: session.merchantId,
      actor: `widget:${session.id}`,
      clientAddress: c.var.clientAddress,
    });
    await next();
  });
}
