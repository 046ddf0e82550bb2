import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, type CheckoutServer } from '../checkout-test-support.ts';
import { anetClient, expectOk, firstMessage } from './anet/test-client.ts';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

const DECLINES = '4000000000009995'; // sandbox: declined, insufficient funds
const APPROVES = '4111111111111111';
const pay = (number: string, extra: Record<string, unknown> = {}) => ({ card: { number, expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO, confirm: true, ...extra });
const chargeToken = (token: string, type = 'authCapture') => t.api('POST', '/v1/transactions', { type, amount: '14.00', token });
const stored = (id: string) => t.deps.store.paymentProfiles.getById(t.merchant.id, id);

describe('a card typed at checkout is provisional until a charge settles it', () => {
  it('a declined charge by its token deletes it (ciphertext too): not in the vault, not in the next wallet', async () => {
    const w = t.widget(await t.newSession({ merchantCustomerId: 'new-shopper' }));
    const saved = await w('POST', '/payment-profiles', pay(DECLINES, { isDefault: true }));
    expect(saved.status).toBe(201);
    expect(saved.body.paymentProfile.isDefault).toBe(false);
    const id = saved.body.paymentProfile.id as string;
    // Its own session still lists it (the frame may show it again), not as the default.
    expect((await w('GET', '/wallet')).body).toMatchObject({ paymentProfiles: [{ id, isDefault: false }], defaults: { paymentProfileId: null } });

    const charged = await chargeToken(saved.body.token);
    expect(charged.body).toMatchObject({ status: 'declined', declineCode: 'insufficientFunds' });
    expect(await stored(id)).toBeNull();
    const customerId = (await w('GET', '/wallet')).body.customer.id as string;
    expect((await t.api('GET', `/v1/customers/${customerId}/payment-profiles/${id}`)).status).toBe(404);
    const next = t.widget(await t.newSession({ merchantCustomerId: 'new-shopper' }));
    expect((await next('GET', '/wallet')).body).toMatchObject({ customer: { id: customerId }, paymentProfiles: [], defaults: { paymentProfileId: null } });
    // Receivers hear that the card is gone.
    expect((await t.api('GET', '/v1/events?type=payment_profile.deleted')).body.data.map((e: { data: { id: string } }) => e.data.id)).toEqual([id]);
    // The declined transaction itself stays on record, with the masked card.
    expect((await t.api('GET', `/v1/transactions/${charged.body.id}`)).body).toMatchObject({ status: 'declined', card: { last4: '9995' } });
  });

  it('an approved charge makes it a normal card, the default when the customer had none, offered to later sessions', async () => {
    const w = t.widget(await t.newSession({ merchantCustomerId: 'new-shopper' }));
    const declined = await w('POST', '/payment-profiles', pay(DECLINES));
    await chargeToken(declined.body.token);
    const approved = await w('POST', '/payment-profiles', pay(APPROVES));
    expect(approved.status).toBe(201);
    expect((await chargeToken(approved.body.token)).body).toMatchObject({ status: 'approved' });
    const id = approved.body.paymentProfile.id as string;
    expect(await stored(id)).toMatchObject({ isDefault: true });
    expect((await stored(id))?.provisionalUntil ?? null).toBeNull();
    expect((await t.api('GET', '/v1/events?type=payment_profile.updated')).body.data).toMatchObject([{ data: { id, isDefault: true, card: { last4: '1111' } } }]);
    const next = t.widget(await t.newSession({ merchantCustomerId: 'new-shopper' }));
    expect((await next('GET', '/wallet')).body).toMatchObject({ paymentProfiles: [{ id, isDefault: true }], defaults: { paymentProfileId: id } });
  });

  it('an approved authorisation keeps it too, without taking the default from an existing card', async () => {
    const vault = t.widget(await t.newSession({ merchantCustomerId: 'regular', mode: 'vault' }));
    const first = (await vault('POST', '/payment-profiles', { card: { number: '5555555555554444', expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO })).body.paymentProfile;
    expect(first.isDefault).toBe(true);
    const w = t.widget(await t.newSession({ merchantCustomerId: 'regular' }));
    const saved = await w('POST', '/payment-profiles', pay(APPROVES, { isDefault: true }));
    expect((await chargeToken(saved.body.token, 'authOnly')).body).toMatchObject({ status: 'approved' });
    const next = t.widget(await t.newSession({ merchantCustomerId: 'regular' }));
    expect((await next('GET', '/wallet')).body).toMatchObject({
      // Both saved at the same frozen instant: listed in id order, so compare as a set.
      paymentProfiles: expect.arrayContaining([expect.objectContaining({ id: first.id, isDefault: true }), expect.objectContaining({ id: saved.body.paymentProfile.id, isDefault: false })]),
      defaults: { paymentProfileId: first.id },
    });
  });

  it('is not offered to, nor confirmable by, another session before a charge settles it', async () => {
    const w = t.widget(await t.newSession({ merchantCustomerId: 'shopper' }));
    const saved = await w('POST', '/payment-profiles', pay(APPROVES));
    const other = t.widget(await t.newSession({ merchantCustomerId: 'shopper' }));
    expect((await other('GET', '/wallet')).body.paymentProfiles).toEqual([]);
    const confirm = await other('POST', '/confirm', { paymentProfileId: saved.body.paymentProfile.id });
    expect(confirm.status).toBe(404);
    expect(confirm.body.error.code).toBe('not_found');
  });

  it('a charge by id after a redeem settles it the same way (declined: deleted)', async () => {
    const w = t.widget(await t.newSession());
    const saved = await w('POST', '/payment-profiles', pay(DECLINES));
    const claims = (await t.api('POST', '/v1/tokens/redeem', { token: saved.body.token })).body;
    const charged = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '14.00', customerProfileId: claims.customerProfileId, paymentProfileId: claims.paymentProfileId });
    expect(charged.body).toMatchObject({ status: 'declined' });
    expect(await stored(claims.paymentProfileId)).toBeNull();
  });

  it('a declined charge of a card that was already kept deletes nothing', async () => {
    // Stored by the merchant's server (the REST API does not verify unless asked).
    const customerId = (await t.api('POST', '/v1/customers', { email: 'kept@example.com' })).body.id as string;
    const saved = (await t.api('POST', `/v1/customers/${customerId}/payment-profiles`, { card: { number: DECLINES, expMonth: 12, expYear: 2030 }, billTo: TEST_BILL_TO })).body;
    const charged = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '14.00', customerProfileId: customerId, paymentProfileId: saved.id });
    expect(charged.body).toMatchObject({ status: 'declined' });
    expect(await stored(saved.id)).toMatchObject({ isDefault: true });
  });

  it('one never charged is deleted by the sweep once no token can name it, and not before', async () => {
    const w = t.widget(await t.newSession());
    const saved = await w('POST', '/payment-profiles', pay(APPROVES));
    const id = saved.body.paymentProfile.id as string;
    // The session lasts 15 minutes, a token it issued 15 more: until then the card waits for its charge.
    t.clock.advance(29 * 60_000);
    await t.newSession();
    expect(await stored(id)).not.toBeNull();
    t.clock.advance(11 * 60_000);
    await t.newSession();
    expect(await stored(id)).toBeNull();
  });

  it('the sweep announces each card it deletes (payment_profile.deleted), as its save was announced, in the commit of the delete', async () => {
    const endpoint = (await t.api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in', events: ['payment_profile.created', 'payment_profile.deleted'] })).body;
    const w = t.widget(await t.newSession());
    const id = (await w('POST', '/payment-profiles', pay(APPROVES))).body.paymentProfile.id as string;
    const customerProfileId = (await w('GET', '/wallet')).body.customer.id as string;
    // A charged card stays, so it is not announced as deleted.
    const kept = await w('POST', '/payment-profiles', pay('5555555555554444'));
    expect((await chargeToken(kept.body.token)).body).toMatchObject({ status: 'approved' });
    const eventsOf = async (type: string) => (await t.api('GET', `/v1/events?type=${type}`)).body.data as Array<{ id: string; data: Record<string, unknown> }>;
    expect((await eventsOf('payment_profile.created')).map((e) => e.data.id).sort()).toEqual([id, kept.body.paymentProfile.id].sort());
    expect(await eventsOf('payment_profile.deleted')).toEqual([]);

    t.clock.advance(40 * 60_000);
    await t.newSession();
    expect(await stored(id)).toBeNull();
    const [deleted, ...more] = await eventsOf('payment_profile.deleted');
    expect(more).toEqual([]);
    expect(deleted!.data).toEqual({ id, customerProfileId });
    // Queued for the endpoint like any other event: the worker delivers it.
    const event = (await t.api('GET', `/v1/events/${deleted!.id}`)).body;
    expect(event.deliveries).toEqual([expect.objectContaining({ endpointId: endpoint.id, status: 'pending' })]);
  });

  it("the sweep announces another merchant's deleted cards to that merchant only", async () => {
    const mine = t.widget(await t.newSession());
    const myCard = (await mine('POST', '/payment-profiles', pay(APPROVES))).body.paymentProfile.id as string;
    const theirs = t.widget(await t.newSession({}, t.other));
    const theirCard = (await theirs('POST', '/payment-profiles', pay(APPROVES))).body.paymentProfile.id as string;
    t.clock.advance(40 * 60_000);
    await t.newSession();
    const deletedIds = async (merchantId: string) =>
      (await t.deps.store.webhooks.listEvents(merchantId, { limit: 10 }, { type: 'payment_profile.deleted' })).rows.map((e) => (JSON.parse(e.payload) as { id: string }).id);
    expect(await deletedIds(t.merchant.id)).toEqual([myCard]);
    expect(await deletedIds(t.other.id)).toEqual([theirCard]);
  });
});

describe('no subscription rests on a provisional card', () => {
  const monthly = { amount: '19.00', interval: { length: 1, unit: 'months' }, startDate: '2031-01-01', totalOccurrences: 12 };
  const arb = anetClient(() => t);
  const arbCreate = (customerProfileId: string, customerPaymentProfileId: string) =>
    arb.call('ARBCreateSubscriptionRequest', {
      subscription: { name: 'Tea club', paymentSchedule: { interval: { length: 1, unit: 'months' }, startDate: '2031-01-01', totalOccurrences: 12 }, amount: '19.00', profile: { customerProfileId, customerPaymentProfileId } },
    });

  it('is refused on /v1 and over ARB with payment_profile_provisional until an approved charge keeps the card; nothing is written', async () => {
    const w = t.widget(await t.newSession({ merchantCustomerId: 'subscriber' }));
    const saved = await w('POST', '/payment-profiles', pay(APPROVES));
    const id = saved.body.paymentProfile.id as string;
    const customerProfileId = (await w('GET', '/wallet')).body.customer.id as string;
    const ids = { customerProfileId, paymentProfileId: id };

    const refused = await t.api('POST', '/v1/subscriptions', { ...ids, ...monthly });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'payment_profile_provisional', field: 'paymentProfileId' });
    expect(refused.body.error.message).toMatch(/approved charge/);
    const overArb = await arbCreate(customerProfileId, id);
    expect(overArb.messages.resultCode).toBe('Error');
    expect(firstMessage(overArb)).toMatchObject({ code: 'E00013' });
    expect(firstMessage(overArb).text).toMatch(/provisional/);
    expect((await t.api('GET', '/v1/subscriptions')).body.data).toEqual([]);

    // Nor can an existing subscription be moved onto it.
    const kept = (await t.widget(await t.newSession({ merchantCustomerId: 'subscriber', mode: 'vault' }))('POST', '/payment-profiles', { card: { number: '5555555555554444', expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO })).body.paymentProfile.id as string;
    const existing = await t.api('POST', '/v1/subscriptions', { customerProfileId, paymentProfileId: kept, ...monthly });
    expect(existing.status).toBe(201);
    const moved = await t.api('PATCH', `/v1/subscriptions/${existing.body.id}`, { paymentProfileId: id });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('payment_profile_provisional');
    expect((await t.api('GET', `/v1/subscriptions/${existing.body.id}`)).body.paymentProfileId).toBe(kept);

    expect((await chargeToken(saved.body.token)).body).toMatchObject({ status: 'approved' });
    expect((await t.api('PATCH', `/v1/subscriptions/${existing.body.id}`, { paymentProfileId: id })).status).toBe(200);
    expect((await t.api('POST', '/v1/subscriptions', { ...ids, ...monthly })).status).toBe(201);
    expect(expectOk(await arbCreate(customerProfileId, id)).subscriptionId).toMatch(/^\d+$/);
  });
});
