import { Hono, type Context } from 'hono';
import { requireShopper } from '../auth.ts';
import { cartLines, readCart } from '../cart.ts';
import type { ShopEnv } from '../env.ts';
import { paymentMethodsPage, widgetScript } from '../views/checkout-pages.ts';
import { layout, notice } from '../views/layout.ts';

/**
 * "My payment methods": the same <cim-checkout> element in a vault-only session (no payment,
 * no token), where the shopper may also remove saved cards and addresses.
 */
function createVaultSession(c: Context<ShopEnv>) {
  const shopper = c.var.shopper!;
  const { cim, sessionTtlSeconds } = c.var.deps;
  const who = shopper.customerProfileId ? { customerId: shopper.customerProfileId } : { merchantCustomerId: shopper.id };
  return cim.createSession(who, { mode: 'vault', allowRemove: true, ...(sessionTtlSeconds && { ttlSeconds: sessionTtlSeconds }) });
}

export const paymentMethods = new Hono<ShopEnv>()
  .use(requireShopper)
  .get('/', async (c) => {
    const frame = { title: 'Payment methods', shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count, active: 'wallet' as const };
    try {
      const session = await createVaultSession(c);
      return c.html(layout({ ...frame, head: widgetScript(c.var.deps.cimUrl) }, paymentMethodsPage(session)));
    } catch (error) {
      console.error('payment methods: creating a CIM session failed:', error instanceof Error ? error.message : error);
      return c.html(layout(frame, notice('error', 'Your payment methods are unavailable right now. Please try again in a minute.')), 503);
    }
  })
  .post('/session', async (c) => c.json({ session: (await createVaultSession(c)).token }));
