import { Hono, type Context } from 'hono';
import { CimApiError, type SessionShopper } from '../../merchant/cim-client.ts';
import { requireShopper } from '../auth.ts';
import { cartLines, readCart, writeCart } from '../cart.ts';
import type { Shopper } from '../db.ts';
import type { ShopEnv } from '../env.ts';
import { toAmount } from '../money.ts';
import { checkoutPage, widgetScript } from '../views/checkout-pages.ts';
import { layout, notice } from '../views/layout.ts';

/**
 * Checkout, the merchant's side of it: the second file of the integration guide (the first is
 * ../../merchant/cim-client.ts).
 *
 *   GET  /checkout          create a CIM session for the signed-in shopper; render <cim-checkout session=…>
 *   (the shopper picks or enters a card inside CIM's frame; the element fires `cim-token` on our page)
 *   POST /checkout/pay      {token}: verify it offline, create the order, charge it, record the outcome
 *   POST /checkout/session  a fresh session when the page's one has expired
 *
 * The page never sees a card number and neither do we: only a signed token naming profile IDs.
 */

/** A returning shopper by the CIM profile ID we stored; a new one by our own account ID (CIM keeps it on the profile it creates). */
const shopperRef = (s: Shopper): SessionShopper => (s.customerProfileId ? { customerId: s.customerProfileId } : { merchantCustomerId: s.id });

const signedIn = (c: Context<ShopEnv>): Shopper => c.var.shopper!;

/** Bound to the cart's total, so the token the page gets back pays for this cart and no more. */
function createCheckoutSession(c: Context<ShopEnv>) {
  const { cim, sessionTtlSeconds } = c.var.deps;
  const { totalCents } = cartLines(readCart(c));
  return cim.createSession(shopperRef(signedIn(c)), { mode: 'checkout', amount: toAmount(totalCents), currency: 'USD', ...(sessionTtlSeconds && { ttlSeconds: sessionTtlSeconds }) });
}

export const checkout = new Hono<ShopEnv>()
  .use(requireShopper)
  .get('/', async (c) => {
    const shopper = signedIn(c);
    const { lines, totalCents, count } = cartLines(readCart(c));
    if (count === 0) return c.redirect('/cart', 303);
    const frame = { title: 'Checkout', shopper, cartCount: count, active: 'cart' as const };
    try {
      const session = await createCheckoutSession(c);
      return c.html(layout({ ...frame, head: widgetScript(c.var.deps.cimUrl) }, checkoutPage(shopper.name, session, lines, totalCents, shopper.customerProfileId !== null)));
    } catch (error) {
      console.error('checkout: creating a CIM session failed:', error instanceof Error ? error.message : error);
      return c.html(layout(frame, notice('error', 'Checkout is unavailable right now. Please try again in a minute.')), 503);
    }
  })

  .post('/session', async (c) => c.json({ session: (await createCheckoutSession(c)).token }))

  .post('/pay', async (c) => {
    const { db, cim } = c.var.deps;
    const shopper = signedIn(c);
    const body = (await c.req.json().catch(() => ({}))) as { token?: unknown };
    const { lines, totalCents, count } = cartLines(readCart(c));
    if (count === 0) return c.json({ status: 'error', message: 'Your cart is empty.' }, 409);
    if (typeof body.token !== 'string') return c.json({ status: 'error', message: 'No payment token.' }, 400);

    // 1. Verify offline: signature (JWKS), algorithm, issuer, audience (us), type, expiry.
    let claims;
    try {
      claims = await cim.verifyCheckoutToken(body.token);
    } catch {
      return c.json({ status: 'error', message: 'This payment could not be verified. Please try again.' }, 400);
    }

    // 2. The token names a CIM profile: it must be this account's. A new shopper's first save created
    //    their profile, carrying our account ID as merchantCustomerId; from now on we know them by it.
    if (shopper.customerProfileId === null) {
      const customer = await cim.getCustomer(claims.customerProfileId);
      if (customer.merchantCustomerId !== shopper.id) return c.json({ status: 'error', message: 'This payment belongs to another account.' }, 403);
      db.setCustomerProfileId(shopper.id, claims.customerProfileId);
    } else if (claims.customerProfileId !== shopper.customerProfileId) {
      return c.json({ status: 'error', message: 'This payment belongs to another account.' }, 403);
    }

    // 3. The order first, with the profile IDs and the masked card for display, then the charge.
    const order = db.insertOrder({
      shopperId: shopper.id,
      kind: 'checkout',
      description: lines.map((l) => `${l.quantity} × ${l.product.name}`).join(', '),
      lines: lines.map((l) => ({ productId: l.product.id, name: l.product.name, quantity: l.quantity, unitPrice: toAmount(l.product.priceCents) })),
      amount: toAmount(totalCents),
      customerProfileId: claims.customerProfileId,
      paymentProfileId: claims.paymentProfileId,
      shippingAddressId: claims.shippingAddressId ?? null,
      cardBrand: claims.card.brand,
      cardLast4: claims.card.last4,
    });

    // 4. Charge with the token (CIM redeems it: one token pays for one order) and the order's
    //    idempotency key (a retry replays the answer instead of charging twice).
    try {
      const tx = await cim.charge(order.amount, { token: body.token }, order.idempotencyKey, `Order #${order.id}`);
      const recorded = db.recordOutcome(order.id, { status: tx.status, reasonText: tx.reasonText, transactionId: tx.id, cardBrand: tx.card?.brand ?? claims.card.brand, cardLast4: tx.card?.last4 ?? claims.card.last4 });
      if (tx.status === 'approved') writeCart(c, {});
      return c.json({ status: recorded.status, orderId: order.id, reasonText: tx.reasonText, redirect: `/orders/${order.id}` });
    } catch (error) {
      const reason = error instanceof CimApiError ? error.message : 'The payment service did not answer.';
      db.recordOutcome(order.id, { status: 'error', reasonText: reason, transactionId: null });
      console.error(`checkout: charging order #${order.id} failed:`, error instanceof CimApiError ? `${error.status} ${error.code}` : error);
      return c.json({ status: 'error', orderId: order.id, reasonText: reason }, 502);
    }
  });
