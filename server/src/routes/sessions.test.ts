import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, type CheckoutServer } from '../checkout-test-support.ts';
import { readDatabase } from '../testing/database-reader.ts';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

describe('POST /v1/sessions', () => {
  it('creates an opaque session token for an allowed origin, 15 minutes by default', async () => {
    const res = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'layout', 'token']);
    expect(res.body.token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(res.body.expiresAt).toBe('2026-06-15T12:15:00.000Z');
    // Stored hashed: the token itself is in no column.
    const stored = await readDatabase(t, 'SELECT * FROM checkout_sessions');
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(res.body.token.slice(3));
  });

  it("answers the layout of what the frame will show first, for the page's loading skeleton", async () => {
    const layout = async (body: Record<string, unknown> = {}) => {
      const res = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test', ...body });
      expect(res.status).toBe(201);
      return res.body.layout as string;
    };
    // A new shopper: the new-card form, and the address form under it.
    expect(await layout()).toBe('checkout new-card shipping new-address');
    expect(await layout({ merchantCustomerId: 'not-yet-known', collectShipping: false, billingAddress: 'full' })).toBe('checkout new-card billing=full');
    expect(await layout({ mode: 'vault' })).toBe('vault');

    const customer = (await t.api('POST', '/v1/customers', { merchantCustomerId: 'ada' })).body as { id: string };
    const card = (number: string, expMonth: number, expYear: number) =>
      t.api('POST', `/v1/customers/${customer.id}/payment-profiles`, { card: { number, expMonth, expYear }, billTo: { firstName: 'Ada', zip: '10001' } });
    expect((await card('5555555555554444', 7, 2026)).status).toBe(201);
    expect(await layout({ customerId: customer.id })).toBe('checkout cards=1 shipping new-address');
    expect((await t.api('POST', `/v1/customers/${customer.id}/shipping-addresses`, { firstName: 'Ada', address: '1 Main St', city: 'New York', zip: '10001', country: 'US' })).status).toBe(201);
    expect((await card('4111111111111111', 12, 2030)).status).toBe(201);
    expect(await layout({ customerId: customer.id })).toBe('checkout cards=2 shipping addresses=1');
    expect(await layout({ merchantCustomerId: 'ada', mode: 'vault', allowRemove: true })).toBe('vault cards=2 addresses=1');

    // A card typed in another checkout and never charged is not listed, so not counted.
    const typed = await t.widget(await t.newSession({ customerId: customer.id }))('POST', '/payment-profiles', { card: { number: '378282246310005', expMonth: 1, expYear: 2031, cvc: '1234' }, billTo: { firstName: 'Ada', zip: '10001' } });
    expect(typed.status).toBe(201);
    expect(await layout({ customerId: customer.id, collectShipping: false })).toBe('checkout cards=2');

    // Expired cards are listed but cannot be picked: with no other, the new-card form opens.
    const lone = (await t.api('POST', '/v1/customers', { merchantCustomerId: 'lone' })).body as { id: string };
    expect((await t.api('POST', `/v1/customers/${lone.id}/payment-profiles`, { card: { number: '5555555555554444', expMonth: 7, expYear: 2026 }, billTo: { firstName: 'Lo', zip: '10001' } })).status).toBe(201);
    t.clock.set(new Date('2026-08-01T00:00:00Z'));
    expect(await layout({ customerId: lone.id })).toBe('checkout cards=1 new-card shipping new-address');
  });

  it('accepts up to 30 minutes and refuses more', async () => {
    expect((await t.api('POST', '/v1/sessions', { origin: 'http://shop.test', ttlSeconds: 1800 })).body.expiresAt).toBe('2026-06-15T12:30:00.000Z');
    const tooLong = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test', ttlSeconds: 1801 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'invalid_request', field: 'ttlSeconds' });
  });

  it('refuses an origin the merchant has not allowed, including another merchant\'s', async () => {
    for (const origin of ['https://evil.example', 'http://other.test', 'https://shop.test']) {
      const res = await t.api('POST', '/v1/sessions', { origin });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'origin_not_allowed', field: 'origin' });
    }
    const notOrigin = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test/checkout' });
    expect(notOrigin.body.error).toMatchObject({ code: 'invalid_request', field: 'origin' });
  });

  it('opens a returning shopper\'s wallet by customerId, and refuses another merchant\'s customer', async () => {
    const customer = (await t.api('POST', '/v1/customers', { email: 'ada@example.com' })).body as { id: string };
    await t.api('POST', `/v1/customers/${customer.id}/payment-profiles`, { card: { number: '5555555555554444', expMonth: 1, expYear: 2031 }, billTo: { firstName: 'Ada' } });
    const wallet = await t.widget(await t.newSession({ customerId: customer.id }))('GET', '/wallet');
    expect(wallet.body.customer).toEqual({ id: customer.id });
    expect(wallet.body.paymentProfiles).toHaveLength(1);

    const theirs = await t.otherApi('POST', '/v1/sessions', { origin: 'http://other.test', customerId: customer.id });
    const missing = await t.otherApi('POST', '/v1/sessions', { origin: 'http://other.test', customerId: '1234567890' });
    expect(theirs.status).toBe(404);
    expect({ code: theirs.body.error.code, message: theirs.body.error.message }).toEqual({ code: missing.body.error.code, message: missing.body.error.message });
  });

  it('never echoes the rejected origin value in the error (it could be anything, a card number too)', async () => {
    for (const origin of ['4111111111111111', 'http://shop.test/4111111111111111', 'ftp://4111111111111111.example']) {
      const res = await t.api('POST', '/v1/sessions', { origin });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'origin' });
      expect(res.text).not.toContain('4111111111111111');
    }
  });

  it('refuses customerId with merchantCustomerId, unknown fields and a missing origin', async () => {
    for (const body of [{ origin: 'http://shop.test', customerId: '1234567890', merchantCustomerId: 'm1' }, { origin: 'http://shop.test', color: 'red' }, {}]) {
      const res = await t.api('POST', '/v1/sessions', body);
      expect(res.status).toBe(400);
    }
  });

  it('needs a secret key: a session token is not one', async () => {
    const session = await t.newSession();
    const res = await t.call('POST', '/v1/sessions', session, { origin: 'http://shop.test' });
    expect(res.status).toBe(401);
  });
});

describe('session tokens and secret keys do not stand in for each other', () => {
  it('refuses a session token on every REST route', async () => {
    const session = await t.newSession();
    for (const [method, path] of [['GET', '/v1/customers'], ['POST', '/v1/customers'], ['POST', '/v1/tokens/redeem'], ['GET', '/v1/payment-profiles?expiringIn=2030-12']] as const) {
      const res = await t.call(method, path, session, method === 'POST' ? { email: 'x@example.com' } : undefined);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('refuses a secret key on the widget API', async () => {
    const res = await t.call('GET', '/widget/api/wallet', t.merchant.secretKey);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});
