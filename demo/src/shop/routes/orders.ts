import { Hono } from 'hono';
import { requireShopper } from '../auth.ts';
import { cartLines, readCart } from '../cart.ts';
import type { ShopEnv } from '../env.ts';
import { orderPage, ordersPage } from '../views/checkout-pages.ts';
import { layout } from '../views/layout.ts';

/** Order history and confirmation: read from the shop's own database (IDs and masked card only). */
export const orders = new Hono<ShopEnv>()
  .use(requireShopper)
  .get('/', (c) => {
    const shopper = c.var.shopper!;
    const frame = { title: 'Orders', shopper, cartCount: cartLines(readCart(c)).count, active: 'orders' as const };
    return c.html(layout(frame, ordersPage(c.var.deps.db.listOrders(shopper.id))));
  })
  .get('/:id{[0-9]+}', async (c) => {
    const order = c.var.deps.db.getOrder(Number(c.req.param('id')));
    // Someone else's order answers like a missing one.
    if (!order || order.shopperId !== c.var.shopper!.id) return c.notFound();
    const frame = { title: `Order #${order.id}`, shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count, active: 'orders' as const };
    // The address lives in the vault; the order keeps its ID. (Gone or unreachable: show the order anyway.)
    const shipTo = order.shippingAddressId ? await c.var.deps.cim.getShippingAddress(order.customerProfileId, order.shippingAddressId).catch(() => null) : null;
    return c.html(layout(frame, orderPage(order, shipTo)));
  });
