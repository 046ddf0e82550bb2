import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { html } from 'hono/html';
import { cartLines, readCart } from './cart.ts';
import type { ShopEnv } from './env.ts';
import { layout } from './views/layout.ts';

/**
 * The shop's back office (/billing) is the shop's own page, not CIM's: its staff sign in with
 * the shop's back-office password (`pnpm start` prints it), separately from shoppers and from
 * the CIM console. The cookie is SameSite=Strict, so no other site can post a charge with it.
 */
const COOKIE = 'back_office';
const HOURS = 8;

const digest = (s: string) => createHash('sha256').update(s).digest();
const passwordMatches = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

export const requireBackOffice = createMiddleware<ShopEnv>(async (c, next) => {
  const ok = (await getSignedCookie(c, c.var.deps.cookieSecret, COOKIE)) === 'staff';
  if (!ok) return c.redirect('/back-office/signin', 303);
  await next();
});

const page = (error: string) => html`<h1>Back office sign-in</h1>
  <p class="lede">Usage billing is for Northwind staff. <code>pnpm start</code> prints the back-office password.</p>
  <form method="post" action="/back-office/signin" class="card back-office-signin">
    <label for="bo-password">Back-office password</label>
    <input id="bo-password" name="password" type="password" autocomplete="current-password" required ${error ? html`aria-describedby="bo-error"` : ''}>
    ${error ? html`<p id="bo-error" class="notice error" role="alert">${error}</p>` : ''}
    <button type="submit" class="button">Sign in</button>
  </form>`;

export const backOffice = new Hono<ShopEnv>()
  .get('/signin', (c) => c.html(layout({ title: 'Back office sign-in', shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count, active: 'billing' }, page(''))))
  .post('/signin', async (c) => {
    const password = String((await c.req.parseBody()).password ?? '');
    if (!passwordMatches(password, c.var.deps.backOfficePassword)) {
      return c.html(layout({ title: 'Back office sign-in', shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count, active: 'billing' }, page('That is not the back-office password.')), 401);
    }
    await setSignedCookie(c, COOKIE, 'staff', c.var.deps.cookieSecret, { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: HOURS * 3600 });
    return c.redirect('/billing', 303);
  })
  .post('/signout', (c) => {
    deleteCookie(c, COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });
