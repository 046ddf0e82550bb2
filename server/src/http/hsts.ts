import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.ts';
import type { AppEnv } from './env.ts';

/** Two years, subdomains included: the value browsers' preload lists ask for. */
export const HSTS = 'max-age=63072000; includeSubDomains';

/** Served over HTTPS (directly or behind a TLS proxy): tell browsers never to come back over plain http. */
export const servesHttps = (config: Pick<Config, 'CIM_PUBLIC_URL' | 'CIM_TLS_CERT'>) => config.CIM_TLS_CERT !== undefined || config.CIM_PUBLIC_URL.startsWith('https:');

export function hsts() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    c.header('Strict-Transport-Security', HSTS);
  });
}
