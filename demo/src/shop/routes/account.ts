import { Hono } from 'hono';
import { signIn, signOut } from '../auth.ts';
import { cartLines, readCart } from '../cart.ts';
import type { ShopEnv } from '../env.ts';
import { newShopperAccount, RETURNING_SHOPPER } from '../shoppers.ts';
import { layout } from '../views/layout.ts';
import { signInPage } from '../views/store-pages.ts';

/** Only same-site paths are followed after sign-in (no open redirect). */
const safeNext = (value: unknown) => (typeof value === 'string' && /^\/(?!\/)[\w\-/]*$/.test(value) ? value : '/');

export const account = new Hono<ShopEnv>()
  .get('/signin', (c) =>
    c.html(layout({ title: 'Sign in', shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count }, signInPage(safeNext(c.req.query('next')), RETURNING_SHOPPER))),
  )
  .post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const { db } = c.var.deps;
    const shopper = form.shopper === 'returning' ? db.getShopper(RETURNING_SHOPPER.id) : db.upsertShopper(newShopperAccount());
    if (!shopper) return c.text('The demo shopper is missing: restart `pnpm start` to seed it.', 500);
    await signIn(c, shopper.id);
    return c.redirect(safeNext(form.next), 303);
  })
  .post('/signout', (c) => {
    signOut(c);
    return c.redirect('/', 303);
  });
