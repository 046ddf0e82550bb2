import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateForwardHosts } from '../domain/forward-hosts.ts';
import { startCheckoutServer, TEST_BILL_TO, TEST_CARD, type Answer, type CheckoutServer } from '../checkout-test-support.ts';

/**
 * "Someone else's id answers exactly like a missing one", route by route: each call is made
 * once with ids of another merchant (or of another customer of the same merchant) and once
 * with ids that exist nowhere, and the two answers must match (request ids and our own fresh
 * ids aside). Nothing of the owner's may change.
 */
let t: CheckoutServer;
let ids: {
  customer: string; profile: string; address: string; auth: string; capture: string; cardTx: string; otherCustomer: string; otherProfile: string;
  endpoint: string; event: string; otherEvent: string; template: string; otherTemplate: string;
};
const MISSING = '1234567891';
const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'New York', zip: '10001', country: 'US' };
const CARD = { creditCard: { cardNumber: '4111111111111111', expirationDate: '2030-12', cardCode: '123' } };

beforeAll(async () => {
  t = await startCheckoutServer();
  const customer = (await t.api('POST', '/v1/customers', { email: 'owner@example.com' })).body.id;
  const profile = (await t.api('POST', `/v1/customers/${customer}/payment-profiles`, { card: TEST_CARD, billTo: TEST_BILL_TO })).body.id;
  const address = (await t.api('POST', `/v1/customers/${customer}/shipping-addresses`, ADDRESS)).body.id;
  const charge = async (body: object) => (await t.api('POST', '/v1/transactions', { amount: '10.00', duplicateWindowSeconds: 0, ...body })).body.id;
  const auth = await charge({ type: 'authOnly', customerProfileId: customer, paymentProfileId: profile });
  const capture = await charge({ type: 'authCapture', customerProfileId: customer, paymentProfileId: profile });
  const cardTx = await charge({ type: 'authCapture', card: TEST_CARD, billTo: TEST_BILL_TO });
  const otherCustomer = (await t.otherApi('POST', '/v1/customers', { email: 'other@example.com' })).body.id;
  const otherProfile = (await t.otherApi('POST', `/v1/customers/${otherCustomer}/payment-profiles`, { card: TEST_CARD, billTo: TEST_BILL_TO })).body.id;
  const endpoint = (await t.api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in' })).body.id;
  const event = (await t.api('GET', '/v1/events?limit=1')).body.data[0].id;
  const otherEvent = (await t.otherApi('GET', '/v1/events?limit=1')).body.data[0].id;
  // Forward templates need an operator-allowed host; no test here ever reaches it (scoping refuses first).
  const TEMPLATE = { method: 'POST', url: 'https://api.gateway.test/charge', bodyType: 'json', body: '{"n":"{{card.number}}"}' };
  for (const m of [t.merchant, t.other]) await updateForwardHosts(t.deps, m.id, { add: ['api.gateway.test'], remove: [] });
  const template = (await t.api('POST', '/v1/forward/templates', TEMPLATE)).body.id;
  const otherTemplate = (await t.otherApi('POST', '/v1/forward/templates', TEMPLATE)).body.id;
  ids = { customer, profile, address, auth, capture, cardTx, otherCustomer, otherProfile, endpoint, event, otherEvent, template, otherTemplate };
});
afterAll(async () => {
  await t.cleanup();
});

const normal = (a: Answer) => ({ status: a.status, text: a.text.replace(/"requestId":"[^"]+"/g, '').replace(/\d{10}/g, 'ID') });

/** Calls `send` with the real ids, then with every one of them replaced by a missing id. */
async function expectSameAsMissing(send: (id: (real: string) => string) => Promise<Answer>) {
  const theirs = await send((real) => real);
  const missing = await send(() => MISSING);
  expect(normal(theirs)).toEqual(normal(missing));
  return theirs;
}

describe('REST API as another merchant', () => {
  it('answers 404 not_found for every route naming the owner\'s ids, as for missing ones', async () => {
    const B = t.otherApi;
    const calls: Array<(id: (real: string) => string) => Promise<Answer>> = [
      (id) => B('GET', `/v1/customers/${id(ids.customer)}`),
      (id) => B('PATCH', `/v1/customers/${id(ids.customer)}`, { description: 'x' }),
      (id) => B('GET', `/v1/customers/${id(ids.customer)}/payment-profiles/${id(ids.profile)}`),
      (id) => B('GET', `/v1/customers/${ids.otherCustomer}/payment-profiles/${id(ids.profile)}`),
      (id) => B('PATCH', `/v1/customers/${id(ids.customer)}/payment-profiles/${id(ids.profile)}`, { isDefault: true }),
      (id) => B('POST', `/v1/customers/${id(ids.customer)}/payment-profiles`, { card: TEST_CARD, billTo: TEST_BILL_TO }),
      (id) => B('GET', `/v1/customers/${id(ids.customer)}/shipping-addresses`),
      (id) => B('GET', `/v1/customers/${id(ids.customer)}/shipping-addresses/${id(ids.address)}`),
      (id) => B('PATCH', `/v1/customers/${id(ids.customer)}/shipping-addresses/${id(ids.address)}`, { firstName: 'Eve' }),
      (id) => B('POST', `/v1/customers/${id(ids.customer)}/shipping-addresses`, ADDRESS),
      (id) => B('GET', `/v1/customers/${id(ids.customer)}/transactions`),
      (id) => B('GET', `/v1/transactions/${id(ids.auth)}`),
      (id) => B('POST', `/v1/transactions/${id(ids.auth)}/capture`, {}),
      (id) => B('POST', `/v1/transactions/${id(ids.auth)}/void`, {}),
      (id) => B('POST', `/v1/transactions/${id(ids.capture)}/refund`, { amount: '1.00' }),
      (id) => B('POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', customerProfileId: id(ids.customer), paymentProfileId: id(ids.profile) }),
      (id) => B('POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', customerProfileId: ids.otherCustomer, paymentProfileId: ids.otherProfile, shippingAddressId: id(ids.address) }),
      (id) => B('POST', '/v1/customers/from-transaction', { transactionId: id(ids.cardTx) }),
      (id) => B('POST', '/v1/sessions', { origin: 'http://other.test', customerId: id(ids.customer) }),
      (id) => B('GET', `/v1/webhook-endpoints/${id(ids.endpoint)}`),
      (id) => B('PATCH', `/v1/webhook-endpoints/${id(ids.endpoint)}`, { enabled: false }),
      (id) => B('POST', `/v1/webhook-endpoints/${id(ids.endpoint)}/rotate-secret`),
      (id) => B('GET', `/v1/webhook-endpoints/${id(ids.endpoint)}/deliveries`),
      (id) => B('DELETE', `/v1/webhook-endpoints/${id(ids.endpoint)}`),
      (id) => B('GET', `/v1/events/${id(ids.event)}`),
      (id) => B('POST', `/v1/events/${id(ids.event)}/redeliver`),
      (id) => B('POST', `/v1/events/${ids.otherEvent}/redeliver`, { endpointId: id(ids.endpoint) }),
      (id) => B('GET', `/v1/forward/templates/${id(ids.template)}`),
      (id) => B('POST', '/v1/forward', { templateId: id(ids.template), paymentProfileId: ids.otherProfile }),
      (id) => B('POST', '/v1/forward', { templateId: ids.otherTemplate, paymentProfileId: id(ids.profile) }),
      (id) => B('DELETE', `/v1/forward/templates/${id(ids.template)}`),
      (id) => B('DELETE', `/v1/customers/${id(ids.customer)}/shipping-addresses/${id(ids.address)}`),
      (id) => B('DELETE', `/v1/customers/${id(ids.customer)}/payment-profiles/${id(ids.profile)}`),
      (id) => B('DELETE', `/v1/customers/${id(ids.customer)}`),
    ];
    for (const call of calls) expect((await expectSameAsMissing(call)).status).toBe(404);
    await expectOwnerIntact();
  });
});

describe('merchant-wide lists as another merchant', () => {
  it('answers a filter naming the owner\'s customer with the empty list a missing customer gets', async () => {
    const B = t.otherApi;
    const answer = await expectSameAsMissing((id) => B('GET', `/v1/transactions?customerProfileId=${id(ids.customer)}`));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: [], nextCursor: null });
    // The owner sees its own, so the empty answer above is the scoping, not an empty store.
    expect((await t.api('GET', `/v1/transactions?customerProfileId=${ids.customer}`)).body.data).toHaveLength(2);
  });
});

describe('widget API as another shopper', () => {
  it("answers 404 for another customer's or another merchant's profile and address in /confirm, saves and deletes", async () => {
    const w = t.widget(await t.newSession({ allowRemove: true }));
    const own = (await w('POST', '/payment-profiles', { card: TEST_CARD, billTo: TEST_BILL_TO })).body.paymentProfile.id;
    const calls: Array<(id: (real: string) => string) => Promise<Answer>> = [
      (id) => w('POST', '/confirm', { paymentProfileId: id(ids.profile) }),
      (id) => w('POST', '/confirm', { paymentProfileId: id(ids.otherProfile) }),
      (id) => w('POST', '/confirm', { paymentProfileId: own, shippingAddressId: id(ids.address) }),
      (id) => w('POST', '/payment-profiles', { card: TEST_CARD, billTo: TEST_BILL_TO, confirm: true, shippingAddressId: id(ids.address) }),
      (id) => w('DELETE', `/payment-profiles/${id(ids.profile)}`),
      (id) => w('DELETE', `/payment-profiles/${id(ids.otherProfile)}`),
      (id) => w('DELETE', `/shipping-addresses/${id(ids.address)}`),
    ];
    for (const call of calls) expect((await expectSameAsMissing(call)).status).toBe(404);
    await expectOwnerIntact();
  });
});

describe('Authorize.Net API as another merchant', () => {
  it('answers every operation naming the owner\'s ids as it answers missing ones', async () => {
    const merchantAuthentication = { name: t.other.apiLoginId, transactionKey: t.other.transactionKey };
    const an = (operation: string, body: object) => t.call('POST', '/xml/v1/request.api', null, { [operation]: { merchantAuthentication, ...body } });
    const charge = (transactionRequest: object) => an('createTransactionRequest', { transactionRequest: { amount: '1.00', ...transactionRequest } });
    const calls: Array<(id: (real: string) => string) => Promise<Answer>> = [
      (id) => an('getCustomerProfileRequest', { customerProfileId: id(ids.customer) }),
      (id) => an('updateCustomerProfileRequest', { profile: { customerProfileId: id(ids.customer), description: 'x' } }),
      (id) => an('createCustomerPaymentProfileRequest', { customerProfileId: id(ids.customer), paymentProfile: { payment: CARD } }),
      (id) => an('getCustomerPaymentProfileRequest', { customerProfileId: id(ids.customer), customerPaymentProfileId: id(ids.profile) }),
      (id) => an('getCustomerPaymentProfileRequest', { customerProfileId: ids.otherCustomer, customerPaymentProfileId: id(ids.profile) }),
      (id) => an('validateCustomerPaymentProfileRequest', { customerProfileId: id(ids.customer), customerPaymentProfileId: id(ids.profile), validationMode: 'testMode' }),
      (id) => an('validateCustomerPaymentProfileRequest', { customerProfileId: ids.otherCustomer, customerPaymentProfileId: ids.otherProfile, customerShippingAddressId: id(ids.address), validationMode: 'testMode' }),
      (id) => an('updateCustomerPaymentProfileRequest', { customerProfileId: id(ids.customer), paymentProfile: { customerPaymentProfileId: id(ids.profile), payment: CARD } }),
      (id) => an('createCustomerShippingAddressRequest', { customerProfileId: id(ids.customer), address: { firstName: 'Eve' } }),
      (id) => an('getCustomerShippingAddressRequest', { customerProfileId: id(ids.customer), customerAddressId: id(ids.address) }),
      (id) => an('updateCustomerShippingAddressRequest', { customerProfileId: id(ids.customer), address: { customerAddressId: id(ids.address), firstName: 'Eve' } }),
      (id) => an('getHostedProfilePageRequest', { customerProfileId: id(ids.customer) }),
      (id) => an('createCustomerProfileFromTransactionRequest', { transId: id(ids.cardTx) }),
      (id) => charge({ transactionType: 'authCaptureTransaction', profile: { customerProfileId: id(ids.customer), paymentProfile: { paymentProfileId: id(ids.profile) } } }),
      (id) => charge({ transactionType: 'authCaptureTransaction', profile: { customerProfileId: id(ids.customer) } }),
      (id) => charge({ transactionType: 'authCaptureTransaction', profile: { customerProfileId: ids.otherCustomer, paymentProfile: { paymentProfileId: ids.otherProfile }, shippingProfileId: id(ids.address) } }),
      (id) => charge({ transactionType: 'priorAuthCaptureTransaction', refTransId: id(ids.auth) }),
      (id) => charge({ transactionType: 'voidTransaction', refTransId: id(ids.auth) }),
      (id) => charge({ transactionType: 'refundTransaction', refTransId: id(ids.capture), payment: { creditCard: { cardNumber: '1111', expirationDate: 'XXXX' } } }),
      (id) => an('deleteCustomerShippingAddressRequest', { customerProfileId: id(ids.customer), customerAddressId: id(ids.address) }),
      (id) => an('deleteCustomerPaymentProfileRequest', { customerProfileId: id(ids.customer), customerPaymentProfileId: id(ids.profile) }),
      (id) => an('deleteCustomerProfileRequest', { customerProfileId: id(ids.customer) }),
    ];
    for (const call of calls) {
      const answer = await expectSameAsMissing(call);
      expect(answer.text).toMatch(/"resultCode":"Error"/);
    }
    await expectOwnerIntact();
  });
});

async function expectOwnerIntact() {
  const customer = await t.api('GET', `/v1/customers/${ids.customer}`);
  expect(customer.status).toBe(200);
  expect(customer.body.description ?? null).toBeNull();
  expect(customer.body.paymentProfiles.map((p: { id: string }) => p.id)).toEqual([ids.profile]);
  expect(customer.body.shippingAddresses).toEqual([expect.objectContaining({ id: ids.address, firstName: 'Ada' })]);
  expect((await t.api('GET', `/v1/transactions/${ids.auth}`)).body).toMatchObject({ status: 'approved', state: 'authorized' });
  expect((await t.api('GET', `/v1/transactions/${ids.capture}`)).body.refundedAmount).toBe('0.00');
  expect((await t.api('GET', `/v1/webhook-endpoints/${ids.endpoint}`)).body).toMatchObject({ enabled: true });
  expect((await t.api('GET', `/v1/events/${ids.event}`)).body.deliveries).toEqual([]);
  expect((await t.api('GET', `/v1/forward/templates/${ids.template}`)).status).toBe(200);
}
