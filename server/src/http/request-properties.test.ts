import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../routes/anet/operations.ts';
import { CARDS, json, newCard, newCustomer, rowCounts, type TestApp } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';

/**
 * Property: over every request schema of the three APIs, no input makes the server
 * answer 5xx, and an input it refuses writes nothing (bookkeeping tables aside: the
 * audit log, rate-limit buckets and idempotency records exist to record refusals).
 */
let t: TestApp;
let ids: { customerId: string; profileId: string; addressId: string; session: string };
beforeAll(async () => {
  t = await makeTestApp({ env: { CIM_WIDGET_RATE_LIMIT_SCALE: '1000' } });
  const customerId = await newCustomer(t.api);
  const profileId = (await newCard(t.api, customerId)).id;
  const addressId = (await json<{ id: string }>(await t.api('POST', `/v1/customers/${customerId}/shipping-addresses`, { firstName: 'A' }))).id;
  const session = (await json<{ token: string }>(await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }))).token;
  ids = { customerId, profileId, addressId, session };
});
afterAll(() => t.cleanup());

const BOOKKEEPING = new Set(['audit_log', 'rate_limits', 'idempotency_keys']);
const vaultRows = async () => Object.fromEntries(Object.entries(await rowCounts(t)).filter(([table]) => !BOOKKEEPING.has(table)));

/** Field names of every schema, so generated bodies reach past "unknown field" into each field's own checks. */
const FIELDS = [
  'merchantCustomerId', 'email', 'description', 'card', 'number', 'expMonth', 'expYear', 'cvc', 'bankAccount', 'accountType', 'routingNumber',
  'accountNumber', 'nameOnAccount', 'billTo', 'firstName', 'lastName', 'address', 'zip', 'country', 'isDefault', 'customerType', 'type', 'amount',
  'currency', 'customerProfileId', 'paymentProfileId', 'shippingAddressId', 'token', 'origin', 'ttlSeconds', 'mode', 'confirm', 'orderId',
  'duplicateWindowSeconds', 'profile', 'paymentProfiles', 'payment', 'creditCard', 'cardNumber', 'expirationDate', 'transactionRequest',
  'transactionType', 'order', 'invoiceNumber', 'userFields', 'customerPaymentProfileId', 'validationMode', 'refId', 'processor', 'apiLoginId', 'transactionKey', 'endpoint', '__proto__', 'constructor',
  'method', 'url', 'headers', 'bodyType', 'body', 'templateId', 'variables',
];

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', CARDS.visa, '4556 7375 8689 9855', '４１１１１１１１１１１１１１１１', '12', '2030', '2030-12', '1.00', '-1', '1e400', 'USD', 'http://shop.test', '\u0000', '\uD800', "1'OR'1'='1", 'authCaptureTransaction'),
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 4 }),
  ),
})).v;
const body = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }), value);

async function refusedWritesNothing(send: () => Response | Promise<Response>, refused: (res: Response, text: string) => boolean) {
  const before = await vaultRows();
  const res = await send();
  const answer = await res.text();
  expect(res.status, answer.slice(0, 200)).toBeLessThan(500);
  if (refused(res, answer)) expect(await vaultRows()).toEqual(before);
}

const RUNS = 25;
const send = (method: string, path: string, bearer: string, payload: unknown) =>
  t.app.request(path, { method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });

describe('every request schema, arbitrary input', () => {
  it('/v1: never 5xx, and a refusal writes nothing', async () => {
    const routes: Array<[string, () => string]> = [
      ['POST', () => '/v1/customers'],
      ['PATCH', () => `/v1/customers/${ids.customerId}`],
      ['POST', () => `/v1/customers/${ids.customerId}/payment-profiles`],
      ['PATCH', () => `/v1/customers/${ids.customerId}/payment-profiles/${ids.profileId}`],
      ['POST', () => `/v1/customers/${ids.customerId}/shipping-addresses`],
      ['PATCH', () => `/v1/customers/${ids.customerId}/shipping-addresses/${ids.addressId}`],
      ['POST', () => '/v1/transactions'],
      ['POST', () => '/v1/sessions'],
      ['POST', () => '/v1/tokens/redeem'],
      ['POST', () => `/v1/customers/${ids.customerId}/payment-profiles/${ids.profileId}/validate`],
      ['PUT', () => '/v1/settings/processor'],
      ['POST', () => '/v1/forward/templates'],
      ['POST', () => '/v1/forward'],
    ];
    for (const [method, path] of routes) {
      await fc.assert(
        fc.asyncProperty(body, (payload) => refusedWritesNothing(() => send(method, path(), t.merchant.secretKey, payload), (res) => res.status >= 400)),
        { numRuns: RUNS },
      );
    }
  });

  it('the widget API: never 5xx, and a refusal writes nothing', async () => {
    for (const path of ['/widget/api/payment-profiles', '/widget/api/shipping-addresses', '/widget/api/confirm']) {
      await fc.assert(
        fc.asyncProperty(body, (payload) => refusedWritesNothing(() => send('POST', path, ids.session, payload), (res) => res.status >= 400)),
        { numRuns: RUNS },
      );
    }
  });

  it('the Authorize.Net API: never 5xx, and an Error result writes nothing', async () => {
    const auth = { name: t.merchant.apiLoginId, transactionKey: t.merchant.transactionKey };
    for (const operation of Object.keys(OPERATIONS)) {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }), (fields) =>
          refusedWritesNothing(
            () => t.app.request('/xml/v1/request.api', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [operation]: { merchantAuthentication: auth, ...fields } }) }),
            (_res, answer) => (JSON.parse(answer.replace(/^\uFEFF/, '')) as { messages: { resultCode: string } }).messages.resultCode === 'Error',
          ),
        ),
        { numRuns: RUNS },
      );
    }
  });
});
