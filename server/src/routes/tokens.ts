import { TokenRedeem } from '@cim/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { redeemCheckoutToken } from '../domain/checkout-tokens.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

/** Mounted at /v1/tokens (secret key). */
export const tokens = (deps: Pick<AppDeps, 'signingKeys'>) =>
  new Hono<AppEnv>().post('/redeem', validate('json', TokenRedeem), async (c) =>
    c.json(await redeemCheckoutToken({ ...c.var.domain, signingKeys: deps.signingKeys }, c.req.valid('json').token)),
  );
