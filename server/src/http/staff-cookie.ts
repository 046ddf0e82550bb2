import type { Context } from 'hono';
import type { Config } from '../config.ts';

/**
 * The console's session cookie. Under HTTPS it is `__Host-cim_console` (Secure, Path=/, no
 * Domain: the browser refuses it otherwise); over plain-HTTP development it cannot be Secure,
 * so it has no prefix and is limited to /console.
 */
export function staffCookie(config: Pick<Config, 'CIM_PUBLIC_URL'>) {
  const secure = new URL(config.CIM_PUBLIC_URL).protocol === 'https:';
  return {
    name: 'cim_console',
    prefix: secure ? ('host' as const) : undefined,
    options: { httpOnly: true, secure, sameSite: 'Strict' as const, path: secure ? '/' : '/console' },
  };
}

/** A browser's change request names its page's origin; it must be CIM's own (absent only outside browsers). */
export function sameOrigin(c: Context, config: Pick<Config, 'CIM_PUBLIC_URL'>): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return c.req.header('sec-fetch-site') === undefined || c.req.header('sec-fetch-site') === 'same-origin';
  return origin === new URL(config.CIM_PUBLIC_URL).origin;
}
