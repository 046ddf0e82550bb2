import { Hono } from 'hono';
import { cartLines, readCart, writeCart } from '../cart.ts';
import { findProduct } from '../catalog.ts';
import type { ShopEnv } from '../env.ts';
import { layout } from '../views/layout.ts';
import { cartPage, productGrid } from '../views/store-pages.ts';

/** Products and the cart: plain shop code, nothing to do with CIM. */
export const storefront = new Hono<ShopEnv>()
  .get('/', (c) => c.html(layout({ title: 'Shop', shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count, active: 'shop' }, productGrid())))
  .get('/cart', (c) => {
    const { lines, totalCents, count } = cartLines(readCart(c));
    return c.html(layout({ title: 'Cart', shopper: c.var.shopper, cartCount: count, active: 'cart' }, cartPage(lines, totalCents)));
  })
  .post('/cart/add', async (c) => {
    const form = await c.req.parseBody();
    const id = String(form.productId ?? '');
    if (findProduct(id)) {
      const items = readCart(c);
      writeCart(c, { ...items, [id]: (items[id] ?? 0) + 1 });
    }
    return c.redirect('/cart', 303);
  })
  .post('/cart/update', async (c) => {
    const form = await c.req.parseBody();
    const id = String(form.productId ?? '');
    const quantity = Number(form.quantity);
    if (findProduct(id) && Number.isInteger(quantity) && quantity >= 0) writeCart(c, { ...readCart(c), [id]: quantity });
    return c.redirect('/cart', 303);
  });
