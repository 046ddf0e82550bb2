import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { ShopEnv } from './env.ts';

/**
 * The shop's own sign-in, deliberately minimal: pick one of the demo accounts. Real shops
 * have passwords or passkeys; CIM does not care how, it only needs the shopper's profile ID.
 */
const COOKIE = 'shopper';

export const loadShopper = createMiddleware<ShopEnv>(async (c, next) => {
  const id = await getSignedCookie(c, c.var.deps.cookieSecret, COOKIE);
  c.set('shopper', id ? c.var.deps.db.getShopper(id) : null);
  await next();
});

/** Pages that need an account send the shopper to sign in first, and back afterwards. */
export const requireShopper = createMiddleware<ShopEnv>(async (c, next) => {
  if (!c.var.shopper) return c.redirect(`/signin?next=${encodeURIComponent(new URL(c.req.url).pathname)}`);
  await next();
});

export const signIn = (c: Context<ShopEnv>, shopperId: string) =>
  setSignedCookie(c, COOKIE, shopperId, c.var.deps.cookieSecret, { path: '/', httpOnly: true, sameSite: 'Lax' });

export const signOut = (c: Context<ShopEnv>) => deleteCookie(c, COOKIE, { path: '/' });
