import { createMiddleware } from 'hono/factory';
import { authFailuresFor } from '../domain/auth-failures.ts';
import { merchantForSecretKeyHash, secretKeyHashValid } from '../domain/merchant-credentials.ts';
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
  const merchants = new MerchantAuthCache(() => deps.clock.now().getTime());
  // The current key, or one a rotation replaced while its overlap lasts (cached at most MERCHANT_CACHE_MS).
  const load = (hash: string) => merchantForSecretKeyHash(deps, hash);
  const failures = authFailuresFor(deps);
  return createMiddleware<AppEnv>(async (c, next) => {
    failures.assertAllowed(c.get('clientAddress'));
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(sk_[A-Za-z0-9_-]{20,100})$/.exec(header);
    const hash = match?.[1] ? hashSecret(match[1]) : null;
    const found = hash ? await merchants.get(hash, load) : null;
    // A cached answer may outlive a rotation's overlap: the time is checked on every request.
    const merchant = found && hash && secretKeyHashValid(found, hash, deps.clock.now()) ? found : null;
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
