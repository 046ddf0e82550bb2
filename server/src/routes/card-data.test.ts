import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { anetClient, firstMessage } from './anet/test-client.ts';
import { cardBody, json, newCustomer, rowCounts, type TestApp } from './fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

/** The same card number as people (or a careless integration) put it into free text. */
const DISGUISED = ['4556737586899855', '4556 7375 8689 9855', 'card: 4556-7375-8689-9855 thanks', '4556.7375.8689.9855', '４５５６７３７５８６８９９８５５', '45567375%2D86899855'];

async function expectRefused(res: Response, field: string) {
  expect(res.status).toBe(400);
  const body = await json<{ error: { code: string; field: string; message: string } }>(res);
  expect(body.error.code).toBe('card_data_not_allowed');
  expect(body.error.field).toBe(field);
  expect(body.error.message).not.toMatch(/4556|４/);
}

describe('card numbers in free-text fields are refused with card_data_not_allowed, writing nothing', () => {
  it('on /v1: customers, payment profiles’ billing names, shipping addresses, transactions and sessions', async () => {
    const customerId = await newCustomer(t.api, { merchantCustomerId: 'ok-1' });
    const before = (await rowCounts(t));
    for (const value of DISGUISED) {
      await expectRefused(await t.api('POST', '/v1/customers', { description: value }), 'description');
      await expectRefused(await t.api('PATCH', `/v1/customers/${customerId}`, { email: `4556-7375-8689-9855@example.com` }), 'email');
      await expectRefused(await t.api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(undefined, { billTo: { firstName: value } })), 'billTo.firstName');
      await expectRefused(await t.api('POST', `/v1/customers/${customerId}/shipping-addresses`, { address: value }), 'address');
      await expectRefused(await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', card: { number: '4111111111111111', expMonth: 12, expYear: 2030 }, description: value }), 'description');
      await expectRefused(await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', card: { number: '4111111111111111', expMonth: 12, expYear: 2030 }, orderId: value.length <= 20 ? value : '4556-7375-8689-9855' }), 'orderId');
    }
    await expectRefused(await t.api('POST', '/v1/sessions', { origin: 'http://shop.test', merchantCustomerId: '4556737586899855' }), 'merchantCustomerId');
    expect((await rowCounts(t))).toEqual(before);
    // Ordinary text with digits is fine.
    expect((await t.api('POST', '/v1/customers', { description: 'Order 2024-0001, call +1 (555) 123-4567' })).status).toBe(201);
  });

  it('on the widget API: billing and shipping names and lines', async () => {
    const session = (await json<{ token: string }>(await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }))).token;
    const widget = (path: string, body: unknown) =>
      t.app.request(`/widget/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await expectRefused(await widget('/payment-profiles', { ...cardBody(), billTo: { firstName: 'Ada', lastName: '4556 7375 8689 9855' } }), 'billTo.lastName');
    await expectRefused(await widget('/shipping-addresses', { address: '4556-7375-8689-9855', zip: '10001' }), 'address');
  });

  it('on the Authorize.Net API, naming the element, userFields included', async () => {
    const { call } = anetClient(() => t);
    const before = (await rowCounts(t));
    const refused = async (operation: string, fields: Record<string, unknown>, element: string) => {
      const message = firstMessage(await call(operation, fields));
      expect(message.code).toBe('E00003');
      expect(message.text).toContain('card_data_not_allowed');
      expect(message.text).toContain(`'${element}'`);
      expect(message.text).not.toContain('4556');
    };
    await refused('createCustomerProfileRequest', { profile: { merchantCustomerId: 'x', description: 'pan 4556 7375 8689 9855' } }, 'profile.description');
    await refused('createCustomerProfileRequest', { profile: { email: 'a@b.co', shipToList: { address: '4556.7375.8689.9855' } } }, 'profile.shipToList.address');
    // The card itself rides in cardNumber, where it belongs; the same number in free text is refused.
    const charge = (extra: Record<string, unknown>) => ({
      transactionRequest: { transactionType: 'authCaptureTransaction', amount: '5.00', payment: { creditCard: { cardNumber: '4111111111111111', expirationDate: '2030-12' } }, ...extra },
    });
    await refused('createTransactionRequest', charge({ order: { invoiceNumber: '4556737586899855' } }), 'transactionRequest.order.invoiceNumber');
    await refused('createTransactionRequest', charge({ userFields: { userField: [{ name: 'note', value: '4556_7375_8689_9855' }] } }), 'transactionRequest.userFields.userField.value');
    expect((await rowCounts(t))).toEqual(before);
  });
});
