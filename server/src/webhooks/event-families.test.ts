import { WEBHOOK_EVENT_TYPES } from '@cim/shared';
import { describe, expect, it } from 'vitest';
import { issueCheckoutToken } from '../domain/checkout-tokens.ts';
import { announceExpiringCards } from '../domain/expiring-events.ts';
import { settleNow } from '../domain/settlement.ts';
import { CARDS, json } from '../routes/fixtures.ts';
import { body, charge, storedCard } from '../routes/transaction-fixtures.ts';
import { withReceiverApp, type TestApp } from './receiver-app.ts';
import type { Receiver } from './test-receiver.ts';
import { deliverDueOnce } from './worker.ts';

let t: TestApp;
let receiver: Receiver;
withReceiverApp((app, r) => {
  t = app;
  receiver = r;
});

async function deliverAll() {
  while ((await deliverDueOnce(t.deps)) > 0);
}

describe('events of every family', () => {
  it('reach a real receiver, signed (Webhook.verify), with masked card data only', async () => {
    const { secret } = await json<{ secret: string }>(await t.api('POST', '/v1/webhook-endpoints', { url: receiver.url }));
    // Customers and payment profiles.
    const ids = await storedCard(t.api, CARDS.visa);
    await t.api('PATCH', `/v1/customers/${ids.customerProfileId}`, { description: 'VIP' });
    await t.api('PATCH', `/v1/customers/${ids.customerProfileId}/payment-profiles/${ids.paymentProfileId}`, { card: { expMonth: 11, expYear: 2031 } });
    // Transactions: approved, declined, held, captured, voided, refunded.
    const sale = (await charge(t.api, { ...ids, amount: '10.00' })).tx;
    const declined = await storedCard(t.api, '4000000000000002');
    await charge(t.api, { ...declined, amount: '10.00' });
    await charge(t.api, { ...ids, amount: '70.03' });
    const auth = (await charge(t.api, { ...ids, type: 'authOnly', amount: '20.00' })).tx;
    await t.api('POST', `/v1/transactions/${auth.id}/capture`);
    const voided = (await charge(t.api, { ...ids, type: 'authOnly', amount: '30.00' })).tx;
    await t.api('POST', `/v1/transactions/${voided.id}/void`);
    await settleNow(t.deps.store, t.merchant.id, new Date(t.clock.now().getTime() + 86_400_000));
    expect((await t.api('POST', `/v1/transactions/${sale.id}/refund`, { amount: '4.00' })).status).toBe(201);
    // A checkout result token redeemed, and one that pays.
    const ctx = { ...t.deps, merchantId: t.merchant.id, actor: 'test', clientAddress: null };
    const card = { brand: 'visa' as const, last4: '1111', expMonth: 11, expYear: 2031 };
    const redeemed = await issueCheckoutToken(ctx, { customerProfileId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId, card });
    expect((await t.api('POST', '/v1/tokens/redeem', { token: redeemed.token })).status).toBe(200);
    const paying = await issueCheckoutToken(ctx, { customerProfileId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId, card });
    expect((await charge(t.api, { token: paying.token, amount: '5.00' })).status).toBe(201);
    // A card expiring next month (the test clock says June 2026): announced once, however often the sweep runs.
    const expiring = await storedCard(t.api, CARDS.mastercard, undefined, { expMonth: 7, expYear: 2026 });
    expect(await announceExpiringCards(t.deps, t.clock.now())).toBe(1);
    expect(await announceExpiringCards(t.deps, t.clock.now())).toBe(0);
    // Deletions.
    expect((await t.api('DELETE', `/v1/customers/${declined.customerProfileId}/payment-profiles/${declined.paymentProfileId}`)).status).toBe(204);
    expect((await t.api('DELETE', `/v1/customers/${declined.customerProfileId}`)).status).toBe(204);

    await deliverAll();
    const events = receiver.received.map((r) => ({ r, event: receiver.verify(secret, r) }));
    expect(new Set(events.map((e) => e.event.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    for (const { r, event } of events) {
      expect(r.headers['webhook-id']).toBe(event.id);
      for (const number of [CARDS.visa, CARDS.mastercard, '4000000000000002']) expect(r.body).not.toContain(number);
    }
    const byType = (type: string) => events.filter((e) => e.event.type === type).map((e) => e.event.data);
    expect(byType('payment_profile.expiring')).toEqual([{ id: expiring.paymentProfileId, customerProfileId: expiring.customerProfileId, card: { brand: 'mastercard', last4: '4444', expMonth: 7, expYear: 2026 }, isDefault: true }]);
    expect(byType('transaction.refunded')).toMatchObject([{ type: 'refund', refTransactionId: sale.id, amount: '4.00' }]);
    expect(byType('transaction.captured')).toMatchObject([{ id: auth.id, capturedAmount: '20.00' }]);
    expect(byType('transaction.voided')).toMatchObject([{ id: voided.id, state: 'voided' }]);
    const byToken = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.tokenId).localeCompare(String(b.tokenId));
    expect(byType('token.redeemed').sort(byToken)).toEqual([
      { tokenId: redeemed.claims.jti, customerProfileId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId, card: { brand: 'visa', last4: '1111' } },
      { tokenId: paying.claims.jti, transactionId: expect.any(String), customerProfileId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId, card: { brand: 'visa', last4: '1111' } },
    ].sort(byToken));
    expect(byType('customer.deleted')).toEqual([{ id: declined.customerProfileId }]);
    expect(await body(await t.api('GET', '/v1/events?type=transaction.held'))).toMatchObject({ data: [{ data: { status: 'heldForReview', amount: '70.03' } }] });
  });

  it('writes no event when the change is refused', async () => {
    const ids = await storedCard(t.api, CARDS.visa);
    const before = (await body<{ data: unknown[] }>(await t.api('GET', '/v1/events?limit=100'))).data.length;
    expect((await t.api('POST', `/v1/customers/${ids.customerProfileId}/payment-profiles`, { card: { number: CARDS.visa, expMonth: 12, expYear: 2030 }, billTo: { firstName: 'Ada', lastName: 'Lovelace', address: '12 St James Sq', zip: '10001' } })).status).toBe(409);
    expect((await t.api('PATCH', `/v1/customers/${ids.customerProfileId}`, { email: 'not-an-email' })).status).toBe(400);
    expect((await body<{ data: unknown[] }>(await t.api('GET', '/v1/events?limit=100'))).data).toHaveLength(before);
  });
});
