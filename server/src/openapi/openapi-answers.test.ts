import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, TEST_CARD, type CheckoutServer } from '../checkout-test-support.ts';
import { answerProblems, operationFor } from './answer-check.ts';
import { OPERATIONS } from './operations.ts';

/**
 * Every documented operation, called over a real socket: its success answer (and a few failures)
 * checked against /openapi.json. The last test fails for an operation no call here reached with a
 * 2xx, so a new route needs its call below.
 */
let t: CheckoutServer;

/** Operations that need more than a merchant to succeed; their route tests (makeTestApp, so answers checked) reach them. */
const CHECKED_IN_OWN_TESTS: Record<string, string> = {
  'post /v1/forward/templates': 'routes/forward.test.ts: an operator-allowed host',
  'get /v1/forward/templates': 'routes/forward.test.ts',
  'get /v1/forward/templates/:templateId': 'routes/forward.test.ts',
  'delete /v1/forward/templates/:templateId': 'routes/forward.test.ts',
  'post /v1/forward': 'routes/forward.test.ts: a loopback HTTPS destination',
};
const succeeded = new Set<string>();

async function call(method: string, path: string, body?: unknown, expected?: number, bearer: string | null = t.merchant.secretKey) {
  const res = await t.call(method, path, bearer, body); // throws when the answer does not match the document
  expect(answerProblems(method, path, res.status, res.text, res.headers)).toEqual([]);
  if (expected !== undefined) expect(res.status, `${method} ${path}: ${res.text}`).toBe(expected);
  const op = operationFor(method, new URL(path, 'http://x').pathname);
  if (op && res.status < 300) succeeded.add(`${op.method} ${op.path}`);
  return res;
}

beforeAll(async () => {
  t = await startCheckoutServer();
});
afterAll(() => t.cleanup());

describe('every operation answers what /openapi.json says', () => {
  it('service routes', async () => {
    await call('GET', '/health', undefined, 200, null);
    await call('GET', '/ready', undefined, 200, null);
    await call('GET', '/.well-known/jwks.json', undefined, 200, null);
  });

  it('customers, payment profiles, shipping addresses', async () => {
    const customer = (await call('POST', '/v1/customers', { merchantCustomerId: 'oa-1', email: 'oa@example.com' }, 201)).body;
    const cid = customer.id as string;
    await call('GET', '/v1/customers', undefined, 200);
    await call('GET', '/v1/customers?merchantCustomerId=oa-1', undefined, 200);
    await call('PATCH', `/v1/customers/${cid}`, { description: 'regular' }, 200);
    const card = (await call('POST', `/v1/customers/${cid}/payment-profiles`, { card: TEST_CARD, billTo: TEST_BILL_TO, isDefault: true }, 201)).body;
    const bank = (await call('POST', `/v1/customers/${cid}/payment-profiles`, { bankAccount: { accountType: 'checking', routingNumber: '021000021', accountNumber: '123456789', nameOnAccount: 'Ada Lovelace' } }, 201)).body;
    await call('GET', `/v1/customers/${cid}/payment-profiles/${card.id}?bin=true`, undefined, 200);
    await call('PATCH', `/v1/customers/${cid}/payment-profiles/${card.id}`, { card: { expMonth: 11, expYear: 2031 } }, 200);
    await call('POST', `/v1/customers/${cid}/payment-profiles/${card.id}/validate`, { mode: 'testMode' }, 200);
    await call('GET', '/v1/payment-profiles?expiringIn=2031-11', undefined, 200);
    const address = (await call('POST', `/v1/customers/${cid}/shipping-addresses`, { firstName: 'Ada', zip: '10001' }, 201)).body;
    await call('GET', `/v1/customers/${cid}/shipping-addresses`, undefined, 200);
    await call('GET', `/v1/customers/${cid}/shipping-addresses/${address.id}`, undefined, 200);
    await call('PATCH', `/v1/customers/${cid}/shipping-addresses/${address.id}`, { city: 'London' }, 200);
    await call('GET', `/v1/customers/${cid}`, undefined, 200);
    await call('DELETE', `/v1/customers/${cid}/shipping-addresses/${address.id}`, undefined, 204);
    await call('DELETE', `/v1/customers/${cid}/payment-profiles/${bank.id}`, undefined, 204);
    // Failures answer the one error body, with a code the operation documents.
    await call('POST', '/v1/customers', { merchantCustomerID: 'oa-9' }, 400);
    await call('POST', `/v1/customers/${cid}/payment-profiles`, { card: { ...TEST_CARD, number: '4111111111111112' }, billTo: TEST_BILL_TO }, 400);
    await call('GET', '/v1/customers/0000000000', undefined, 404);
    await call('GET', '/v1/customers', undefined, 401, 'sk_wrong');
    await call('DELETE', `/v1/customers/${cid}`, undefined, 204);
  });

  it('checkout: sessions and token redemption', async () => {
    await call('POST', '/v1/sessions', { origin: 'http://shop.test', amount: '14.00' }, 201);
    await call('POST', '/v1/sessions', { origin: 'https://evil.test' }, 400);
    const { token } = await t.checkout();
    await call('POST', '/v1/tokens/redeem', { token }, 200);
    await call('POST', '/v1/tokens/redeem', { token }, 409);
  });

  it('transactions and subscriptions', async () => {
    const cid = (await call('POST', '/v1/customers', { merchantCustomerId: 'oa-2' }, 201)).body.id as string;
    const pid = (await call('POST', `/v1/customers/${cid}/payment-profiles`, { card: TEST_CARD, billTo: TEST_BILL_TO }, 201)).body.id as string;
    const ids = { customerProfileId: cid, paymentProfileId: pid };
    const auth = (await call('POST', '/v1/transactions', { type: 'authOnly', amount: '10.00', ...ids }, 201)).body;
    await call('POST', `/v1/transactions/${auth.id}/capture`, undefined, 200);
    const sale = (await call('POST', '/v1/transactions', { type: 'authCapture', amount: '12.00', duplicateWindowSeconds: 0, ...ids }, 201)).body;
    await call('POST', `/v1/transactions/${sale.id}/void`, undefined, 200);
    const held = (await call('POST', '/v1/transactions', { type: 'authCapture', amount: '70.03', ...ids }, 201)).body;
    await call('POST', `/v1/transactions/${held.id}/review`, { decision: 'approve' }, 200);
    await call('POST', `/v1/transactions/${held.id}/resolve`, undefined, 200);
    const { settleNow } = await import('../domain/settlement.ts');
    await settleNow(t.deps.store, t.merchant.id, t.clock.now());
    await call('POST', `/v1/transactions/${held.id}/refund`, { amount: '1.00' }, 201);
    await call('GET', `/v1/transactions/${held.id}`, undefined, 200);
    await call('GET', '/v1/transactions?state=captured', undefined, 200);
    await call('GET', `/v1/customers/${cid}/transactions`, undefined, 200);
    await call('POST', `/v1/transactions/${sale.id}/capture`, undefined, 409);
    const oneTime = (await call('POST', '/v1/transactions', { type: 'authCapture', amount: '5.00', card: { ...TEST_CARD, number: '6011000990139424' }, billTo: TEST_BILL_TO }, 201)).body;
    await call('POST', '/v1/customers/from-transaction', { transactionId: oneTime.id, customer: { merchantCustomerId: 'oa-3' } }, 201);

    const sub = (await call('POST', '/v1/subscriptions', { ...ids, amount: '9.00', interval: { length: 1, unit: 'months' }, startDate: '2026-07-01' }, 201)).body;
    await call('GET', '/v1/subscriptions', undefined, 200);
    await call('GET', `/v1/subscriptions/${sub.id}`, undefined, 200);
    await call('PATCH', `/v1/subscriptions/${sub.id}`, { amount: '10.00' }, 200);
    await call('POST', `/v1/subscriptions/${sub.id}/cancel`, undefined, 200);
  });

  it('webhook endpoints and the event log', async () => {
    const endpoint = (await call('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in', events: ['customer.created'] }, 201)).body;
    await call('POST', '/v1/webhook-endpoints', { url: 'http://hooks.example.com/in' }, 400);
    await call('GET', '/v1/webhook-endpoints', undefined, 200);
    await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, undefined, 200);
    await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { description: 'orders' }, 200);
    await call('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, undefined, 200);
    await call('POST', '/v1/customers', { merchantCustomerId: 'oa-hook' }, 201);
    const events = (await call('GET', '/v1/events?type=customer.created&limit=1', undefined, 200)).body;
    const eventId = events.data[0].id as string;
    await call('GET', `/v1/events/${eventId}`, undefined, 200);
    await call('POST', `/v1/events/${eventId}/redeliver`, undefined, 202);
    await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, undefined, 200);
    await call('GET', '/v1/events/1234567890', undefined, 404);
    await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, undefined, 204);
  });

  it('settings', async () => {
    await call('GET', '/v1/settings', undefined, 200);
    await call('PATCH', '/v1/settings', { settlementCutoff: '20:00' }, 200);
    await call('PUT', '/v1/settings/processor', { processor: 'sandbox' }, 200);
    await call('GET', '/v1/settings/processor', undefined, 200);
  });

  it('reached every documented operation with a success', () => {
    const missing = OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((k) => !succeeded.has(k) && !(k in CHECKED_IN_OWN_TESTS));
    expect(missing, 'add a call for these to openapi-answers.test.ts').toEqual([]);
  });
});

/**
 * The headers merchants rely on, over a real socket: each answer below carries one, and call()
 * fails when the answer's entry in the document does not list a header it carries (or lists
 * X-Request-Id and it is missing). Their own server: it ends rate-limited and without a database.
 */
describe('every answer carries only the headers /openapi.json lists for it', () => {
  let s: CheckoutServer;
  beforeAll(async () => {
    // 600 sessions a merchant at scale 1: 3 here, so the fourth is refused.
    s = await startCheckoutServer({ env: { CIM_WIDGET_RATE_LIMIT_SCALE: '0.005' } });
  });
  afterAll(() => s.cleanup());
  const checked = async (method: string, path: string, bearer: string | null, body?: unknown, headers?: Record<string, string>) => {
    const res = await s.call(method, path, bearer, body, headers); // throws when a header is not in the document
    expect(answerProblems(method, path, res.status, res.text, res.headers)).toEqual([]);
    return res;
  };

  it('X-Request-Id on every answer, yours when you sent one', async () => {
    for (const res of [await checked('GET', '/health', null), await checked('GET', '/v1/customers', s.merchant.secretKey)]) expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await checked('GET', '/v1/customers', s.merchant.secretKey, undefined, { 'x-request-id': 'order-42' })).headers.get('x-request-id')).toBe('order-42');
  });

  it('Idempotent-Replayed (and the key) on a replayed answer, a success or a refusal', async () => {
    const key = { 'idempotency-key': 'oa-replay-1' };
    const first = await checked('POST', '/v1/customers', s.merchant.secretKey, { merchantCustomerId: 'oa-replay' }, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await checked('POST', '/v1/customers', s.merchant.secretKey, { merchantCustomerId: 'oa-replay' }, key);
    expect([again.status, again.headers.get('idempotent-replayed'), again.headers.get('idempotency-key')]).toEqual([201, 'true', 'oa-replay-1']);
    const refusal = { 'idempotency-key': 'oa-replay-2' };
    await checked('POST', '/v1/sessions', s.merchant.secretKey, { origin: 'https://evil.test' }, refusal);
    const refused = await checked('POST', '/v1/sessions', s.merchant.secretKey, { origin: 'https://evil.test' }, refusal);
    expect([refused.status, refused.headers.get('idempotent-replayed')]).toEqual([400, 'true']);
  });

  it('RateLimit and RateLimit-Policy on a limited route, then the 429 with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 5 && answers.at(-1)?.status !== 429; i++) answers.push(await checked('POST', '/v1/sessions', s.merchant.secretKey, { origin: s.merchant.allowedOrigins[0] }));
    const limited = answers.pop()!;
    expect(answers.map((a) => a.status)).toContain(201);
    for (const a of answers) expect(a.headers.get('ratelimit-policy')).toBe('"merchantSessions";q=3;w=30');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit')).toMatch(/^"merchantSessions";r=0;t=\d+$/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('Retry-After on the 429 of too many failed authentications, on any route', async () => {
    let res;
    for (let i = 0; i < 25 && res?.status !== 429; i++) res = await checked('GET', '/v1/transactions', 'sk_wrong');
    expect(res!.status).toBe(429);
    expect(res!.body.error.code).toBe('rate_limited');
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('Retry-After on /ready\'s 503 once the database is gone', async () => {
    await s.deps.store.close();
    const res = await checked('GET', '/ready', null);
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '1']);
  });
});

