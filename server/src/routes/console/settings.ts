import { ConsoleOrigin } from '@cim/shared';
import { Hono } from 'hono';
import { addAllowedOrigin, getMerchantSettings, removeAllowedOrigin, rotateSecretKey } from '../../domain/merchant-account.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';

/** Mounted at /console/api/settings: allowed origins and the secret key (admin only). */
export function consoleSettings() {
  return new Hono<AppEnv>()
    .get('/', staffAction('settings.read', 'admin', 'merchant'), async (c) => c.json(await getMerchantSettings(c.var.domain)))
    .post('/origins', staffAction('origin.add', 'admin', 'merchant'), validate('json', ConsoleOrigin), async (c) =>
      c.json(await addAllowedOrigin(c.var.domain, c.req.valid('json').origin)),
    )
    .delete('/origins', staffAction('origin.remove', 'admin', 'merchant'), validate('query', ConsoleOrigin), async (c) =>
      c.json(await removeAllowedOrigin(c.var.domain, c.req.valid('query').origin)),
    )
    .post('/secret-key', staffAction('secret_key.rotate', 'admin', 'merchant'), async (c) =>
      // Shown once, never cached: the console page displays it until the admin leaves.
      c.json(await rotateSecretKey(c.var.domain), 201, { 'Cache-Control': 'no-store' }),
    );
}
