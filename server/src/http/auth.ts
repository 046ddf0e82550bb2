import { createMiddleware } from 'hono/factory';
import { auditAuthFailure } from '../domain/audit.ts';
import { hashSecret } from '../domain/merchants.ts';
import { CimError } from '../errors.ts';
import { scrub } from '../logger.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from './env.ts';
import { MerchantAuthCache } from './merchant-auth-cache.ts';

/**
 * REST API authentication: `Authorization: Bearer sk_…`. Every failure is
 * audited and answered the same way, whatever was wrong.
 */
export function requireSecretKey(deps: AppDeps) {
  const merchants = new MerchantAuthCache();
  const load = (hash: string) => deps.store.merchants.getBySecretKeyHash(hash);
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(sk_[A-Za-z0-9_-]{20,100})$/.exec(header);
    const merchant = match?.[1] ? await merchants.get(hashSecret(match[1]), load) : null;
    if (!merchant) {
      // The path is the client's text: mask anything shaped like a card number.
      await auditAuthFailure(deps, 'api', c.get('clientAddress'), scrub(`${c.req.method} ${new URL(c.req.url).pathname}`).slice(0, 200));
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
