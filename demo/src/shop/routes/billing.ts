import { randomInt } from 'node:crypto';
import { Hono } from 'hono';
import { CimApiError } from '../../merchant/cim-client.ts';
import { cartLines, readCart } from '../cart.ts';
import type { Order } from '../db.ts';
import type { ShopEnv } from '../env.ts';
import { toAmount } from '../money.ts';
import { billingPage, type BillableShopper } from '../views/billing-page.ts';
import { cardLabel } from '../views/checkout-pages.ts';
import { layout } from '../views/layout.ts';

/**
 * The back office's usage billing: a merchant-initiated charge of a stored profile, no shopper
 * present. The amount differs every month (cups of office coffee drunk), the card does not:
 * we charge the shopper's default payment profile by its IDs.
 */
const PRICE_PER_CUP_CENTS = 85;

export const billing = new Hono<ShopEnv>()
  .get('/', async (c) => {
    const { db, cim } = c.var.deps;
    const result = c.req.query('result') ? (db.getOrder(Number(c.req.query('result'))) ?? undefined) : undefined;
    const rows: BillableShopper[] = [];
    for (const shopper of db.listShoppersWithProfiles()) {
      const customer = await cim.getCustomer(shopper.customerProfileId!).catch(() => null);
      const card = customer?.paymentProfiles?.find((p) => p.isDefault) ?? customer?.paymentProfiles?.[0];
      rows.push({ shopper, defaultCard: card?.card ? cardLabel(card.card.brand, card.card.last4) : 'none', lastBill: db.lastOrderOfKind(shopper.id, 'usage') });
    }
    const frame = { title: 'Usage billing', shopper: c.var.shopper, cartCount: cartLines(readCart(c)).count, active: 'billing' as const };
    return c.html(layout(frame, billingPage(rows, result)));
  })
  .post('/charge', async (c) => {
    const { db, cim } = c.var.deps;
    const shopper = db.getShopper(String((await c.req.parseBody()).shopperId ?? ''));
    if (!shopper?.customerProfileId) return c.redirect('/billing', 303);
    const customer = await cim.getCustomer(shopper.customerProfileId);
    const card = customer.paymentProfiles?.find((p) => p.isDefault) ?? customer.paymentProfiles?.[0];
    if (!card) return c.redirect('/billing', 303);

    // Metered usage; never the same as last month's bill, so each run shows a new amount.
    const last = db.lastOrderOfKind(shopper.id, 'usage')?.lines[0]?.quantity;
    let cups = randomInt(40, 240);
    if (cups === last) cups += 1;
    const month = new Date().toLocaleDateString('en-US', { month: 'long', year: 'numeric' });
    const order = db.insertOrder({
      shopperId: shopper.id,
      kind: 'usage',
      description: `Office coffee, ${month}: ${cups} cups`,
      lines: [{ productId: 'office-coffee', name: `Office coffee (${month})`, quantity: cups, unitPrice: toAmount(PRICE_PER_CUP_CENTS) }],
      amount: toAmount(cups * PRICE_PER_CUP_CENTS),
      customerProfileId: shopper.customerProfileId,
      paymentProfileId: card.id,
      shippingAddressId: null,
      cardBrand: card.card?.brand ?? null,
      cardLast4: card.card?.last4 ?? null,
    });
    let outcome: Parameters<typeof db.recordOutcome>[1];
    try {
      const tx = await cim.charge(order.amount, { customerProfileId: shopper.customerProfileId, paymentProfileId: card.id }, order.idempotencyKey, order.description);
      outcome = { status: tx.status, reasonText: tx.reasonText, transactionId: tx.id };
    } catch (error) {
      outcome = { status: 'error', reasonText: error instanceof CimApiError ? error.message : 'The payment service did not answer.', transactionId: null };
    }
    const recorded: Order = db.recordOutcome(order.id, outcome);
    return c.redirect(`/billing?result=${recorded.id}`, 303);
  });
