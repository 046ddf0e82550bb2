import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, type CheckoutServer } from '../checkout-test-support.ts';
import { cardBody } from '../routes/fixtures.ts';

/**
 * Profile ids are 10 random digits (Authorize.Net's wire format), so at benchmark volumes two
 * new profiles draw the same id now and then. That surfaced as `409 conflict "Another payment
 * profile is already the default."` on a new shopper's first card: a save must draw another id.
 */
const ids = vi.hoisted(() => ({ forced: [] as string[] }));
vi.mock('../ids.ts', async (original) => {
  const real = await original<typeof import('../ids.ts')>();
  return { ...real, newNumericId: () => ids.forced.shift() ?? real.newNumericId() };
});

let t: CheckoutServer;
beforeEach(async () => {
  // Ids one test forced but did not draw (how many concurrent saves draw depends on timing) must not leak into the next.
  ids.forced.length = 0;
  t = await startCheckoutServer();
});
afterEach(() => t.cleanup());

describe('a payment profile id drawn twice', () => {
  it('never fails a save: concurrent first cards of new shoppers all succeed, each the default', async () => {
    const first = await t.widget(await t.newSession({ mode: 'vault' }))('POST', '/payment-profiles', { card: { number: '4111111111111111', expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO });
    expect(first.status).toBe(201);
    const taken = first.body.paymentProfile.id as string;
    const sessions = await Promise.all(Array.from({ length: 6 }, () => t.newSession({ mode: 'vault' })));
    // Every new profile id drawn next collides with the one saved above, once.
    ids.forced.push(...Array(3).fill(taken));
    const saves = await Promise.all(
      sessions.map((s, i) =>
        t.widget(s)('POST', '/payment-profiles', { card: { number: ['4012888888881881', '5555555555554444', '378282246310005', '6011111111111117', '3566002020360505', '4000056655665556'][i], expMonth: 12, expYear: 2030, cvc: i === 2 ? '1234' : '123' }, billTo: TEST_BILL_TO }),
      ),
    );
    expect(saves.map((s) => [s.status, s.body.paymentProfile?.isDefault])).toEqual(Array(6).fill([201, true]));
    expect(new Set(saves.map((s) => s.body.paymentProfile.id)).size).toBe(6);
  });

  it('never fails a REST save either', async () => {
    const customer = async () => (await t.api('POST', '/v1/customers', { email: `c${Math.random().toString(36).slice(2)}@example.com` })).body.id as string;
    const first = await t.api('POST', `/v1/customers/${await customer()}/payment-profiles`, cardBody());
    const other = await customer();
    ids.forced.push(first.body.id);
    const second = await t.api('POST', `/v1/customers/${other}/payment-profiles`, cardBody());
    expect(second.status, second.text).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });
});

describe('a customer id drawn twice', () => {
  it('never fails a create: the REST API and a checkout session\'s new shopper draw another id', async () => {
    const first = await t.api('POST', '/v1/customers', { merchantCustomerId: 'first' });
    expect(first.status).toBe(201);
    ids.forced.push(first.body.id as string);
    const second = await t.api('POST', '/v1/customers', { merchantCustomerId: 'second' });
    expect(second.status, second.text).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    // A widget save for a new shopper creates the customer inside the save's transaction.
    const session = await t.newSession({ mode: 'vault' });
    // Twice: the save may draw the card's id first (an id a customer holds is free for a card).
    ids.forced.push(first.body.id as string, first.body.id as string);
    const saved = await t.widget(session)('POST', '/payment-profiles', { card: { number: '4111111111111111', expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect((await t.api('GET', `/v1/customers/${first.body.id as string}`)).body.merchantCustomerId).toBe('first');
  });
});
