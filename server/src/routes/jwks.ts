import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';

/** Mounted at /.well-known: the public keys that verify checkout result tokens. No authentication. */
export const jwks = (deps: Pick<AppDeps, 'signingKeys'>) =>
  new Hono<AppEnv>().get('/jwks.json', async (c) => {
    const body = await deps.signingKeys.jwks();
    // A rotated key is published jwksCacheSeconds before it signs (CIM_JWKS_CACHE_SECONDS), so caching this long is safe.
    c.header('Cache-Control', `public, max-age=${deps.signingKeys.jwksCacheSeconds}`);
    return c.json(body);
  });
