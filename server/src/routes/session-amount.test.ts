import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, TEST_CARD, type CheckoutServer } from '../checkout-test-support.ts';
import { readDatabase } from '../testing/database-reader.ts';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

/** A shopper pays with a new card in a session bound to `bound`: the result token. */
async function boundToken(bound: Record<string, unknown>) {
  const session = await t.newSession(bound);
  const w = t.widget(session);
  const wallet = await w('GET', '/wallet');
  const paid = await w('POST', '/payment-profiles', { card: TEST_CARD, billTo: TEST_BILL_TO, confirm: true });
  expect(paid.status).toBe(201);
  return { wallet: wallet.body, token: paid.body.token as string };
}

const transactionCount = async () => (await readDatabase(t, 'SELECT id FROM transactions')).length;

describe('a checkout session bound to an amount', () => {
  it('normalises the amount, shows it to the frame and puts it in the token', async () => {
    const { wallet, token } = await boundToken({ amount: '14', currency: 'USD' });
    expect(wallet.session.amount).toEqual({ value: '14.00', currency: 'USD' });
    expect(decodeJwt(token)).toMatchObject({ amount: '14.00', currency: 'USD' });
    // Redeeming it shows the merchant's server the same binding.
    const redeemed = await t.api('POST', '/v1/tokens/redeem', { token });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ amount: '14.00', currency: 'USD' });
  });

  it('a charge by the token above the bound amount answers amount_exceeds_session, writes nothing and leaves the token usable', async () => {
    const { token } = await boundToken({ amount: '14.00', currency: 'USD' });
    const before = await transactionCount();
    const over = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '14.01', currency: 'USD', token });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'amount_exceeds_session', field: 'amount' });
    const otherCurrency = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '14.00', currency: 'EUR', token });
    expect(otherCurrency.body.error).toMatchObject({ code: 'amount_exceeds_session', field: 'currency' });
    expect(await transactionCount()).toBe(before);
    // The bound amount itself, and less, go through (one of them: the token is single-use).
    const exact = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '14.00', currency: 'USD', token });
    expect(exact.status).toBe(201);
    expect(exact.body.status).toBe('approved');
  });

  it('a token of an unbound session charges any amount, as before', async () => {
    const { token, wallet } = await boundToken({});
    expect(wallet.session.amount).toBeUndefined();
    expect(decodeJwt(token).amount).toBeUndefined();
    const charged = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '999.00', token });
    expect(charged.status).toBe(201);
  });

  it('refuses a bad amount, a currency without an amount and an amount in vault mode, writing no session', async () => {
    for (const [input, field] of [
      [{ amount: 'fourteen' }, 'amount'],
      [{ amount: '-1.00' }, 'amount'],
      [{ amount: '14.001', currency: 'USD' }, 'amount'],
      [{ currency: 'USD' }, 'currency'],
      [{ amount: '14.00', currency: 'usd' }, 'currency'],
      [{ amount: '14.00', mode: 'vault' }, 'amount'],
    ] as const) {
      const res = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test', ...input });
      expect(res.status, JSON.stringify(input)).toBe(400);
      expect(res.body.error.field, JSON.stringify(input)).toBe(field);
    }
    expect(await readDatabase(t, 'SELECT * FROM checkout_sessions')).toEqual([]);
  });
});
