import { createMiddleware } from 'hono/factory';
import { authFailuresFor } from '../domain/auth-failures.ts';
import { hashSecret } from '../domain/merchants.ts';
import { CimError } from '../errors.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from './env.ts';
import { MerchantAuthCache } from './merchant-auth-cache.ts';
import { routePattern } from './route-pattern.ts';

/**
 * REST API authentication: `Authorization: Bearer sk_…`. Every failure is
 * audited and answered the same way, whatever was wrong.
 */
export function requireSecretKey(deps: AppDeps) {
  const merchants = new MerchantAuthCache();
  const load = (hash: string) => deps.store.merchants.getBySecretKeyHash(hash);
  const failures = authFailuresFor(deps);
  return createMiddleware<AppEnv>(async (c, next) => {
    failures.assertAllowed(c.get('clientAddress'));
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(sk_[A-Za-z0-9_-]{20,100})$/.exec(header);
    const merchant = match?.[1] ? await merchants.get(hashSecret(match[1]), load) : null;
    if (!merchant) {
      // The route's shape, never the client's raw path: it may carry a card number in any encoding.
      await failures.failed('api', c.get('clientAddress'), routePattern(c.req.method, c.req.url));
      throw new CimError('unauthorized', 'A valid secret key is required: Authorization: Bearer sk_…');
    }
    c.set('merchant', merchant);
    c.set('domain', {
      store: deps.store,
      keyring: deps.keyring,
      clock: deps.clock,
      merchantId: merchant.id,
      actor: 'api',
      clientAddress: c.get('clientAddress'),
    });
    await next();
  });
}
