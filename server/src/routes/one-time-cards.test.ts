import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueCheckoutToken } from '../domain/checkout-tokens.ts';
import { makeTestApp } from '../test-support.ts';
import { databaseFiles } from '../testing/database-reader.ts';
import { BILL_TO, body, charge, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const PAN = '6011000000000012';
const oneTime = (extra: Record<string, unknown> = {}) => ({
  amount: '25.00',
  card: { number: PAN, expMonth: 9, expYear: 2031, cvc: '900' },
  billTo: BILL_TO,
  ...extra,
});

/** What the database has written to disk (SQLite's file and WAL, or PostgreSQL's WAL and data files), as text. */
async function databaseText(): Promise<string> {
  return (await databaseFiles(t)).map((b) => b.toString('latin1')).join('');
}

describe('one-time card data', () => {
  it('charges without saving a profile, and keeps only masked data in clear', async () => {
    const { status, tx } = await charge(t.api, oneTime());
    expect(status).toBe(201);
    expect(tx).toMatchObject({ status: 'approved', card: { brand: 'discover', last4: '0012' }, cvcResult: 'M' });
    expect(tx.customerProfileId).toBeUndefined();
    expect(await databaseText()).not.toContain(PAN);
    expect(await databaseText()).not.toContain('"cvc"');
  });

  it('creates the profile with the charge (createProfile: true)', async () => {
    const { status, tx } = await charge(t.api, oneTime({ createProfile: true, shipTo: { firstName: 'Ada', zip: '10002' }, customer: { merchantCustomerId: 'M-77', email: 'ada@example.com' } }));
    expect(status).toBe(201);
    expect(tx.customerProfileId).toMatch(/^\d{10}$/);
    expect(tx.paymentProfileId).toMatch(/^\d{10}$/);
    expect(tx.shippingAddressId).toMatch(/^\d{10}$/);
    const customer = await body<{ merchantCustomerId: string; paymentProfiles: Array<{ id: string; card: { last4: string } }>; shippingAddresses: unknown[] }>(
      await t.api('GET', `/v1/customers/${tx.customerProfileId}`),
    );
    expect(customer).toMatchObject({ merchantCustomerId: 'M-77', paymentProfiles: [{ id: tx.paymentProfileId, card: { last4: '0012' } }] });
    expect(customer.shippingAddresses).toHaveLength(1);
    // The saved profile is chargeable by id alone.
    const next = await charge(t.api, { customerProfileId: tx.customerProfileId, paymentProfileId: tx.paymentProfileId, amount: '7.00' });
    expect(next.tx.status).toBe('approved');
    expect(await databaseText()).not.toContain(PAN);
  });

  it('refuses createProfile for an existing customer before charging', async () => {
    await t.api('POST', '/v1/customers', { email: 'dup@example.com' });
    const { status, tx } = await charge(t.api, oneTime({ createProfile: true, customer: { email: 'dup@example.com' } }));
    expect(status).toBe(409);
    expect(tx.error?.code).toBe('duplicate_customer');
  });

  it('does not save a profile for a declined card', async () => {
    const { tx } = await charge(t.api, oneTime({ card: { number: '4000000000000002', expMonth: 9, expYear: 2031 }, createProfile: true, customer: { email: 'no@example.com' } }));
    expect(tx.status).toBe('declined');
    expect(tx.customerProfileId).toBeUndefined();
    expect((await body<{ data: unknown[] }>(await t.api('GET', '/v1/customers?email=no@example.com'))).data).toHaveLength(0);
  });

  it('refuses invalid one-time cards with the card codes', async () => {
    expect((await charge(t.api, oneTime({ card: { number: '4111111111111112', expMonth: 9, expYear: 2031 } }))).tx.error?.code).toBe('invalid_card_number');
    expect((await charge(t.api, oneTime({ card: { number: PAN, expMonth: 1, expYear: 2020 } }))).tx.error?.code).toBe('card_expired');
  });
});

describe('POST /v1/customers/from-transaction', () => {
  it('saves the card of an approved one-time-card transaction once, within 24 hours', async () => {
    const { tx } = await charge(t.api, oneTime({ shipTo: { firstName: 'Ada', zip: '10002' } }));
    const made = await t.api('POST', '/v1/customers/from-transaction', { transactionId: tx.id, customer: { merchantCustomerId: 'late-save' } });
    expect(made.status).toBe(201);
    const customer = await body<{ id: string; merchantCustomerId: string; paymentProfiles: Array<{ card: { last4: string; brand: string } }>; shippingAddresses: unknown[] }>(made);
    expect(customer).toMatchObject({ merchantCustomerId: 'late-save', paymentProfiles: [{ card: { brand: 'discover', last4: '0012' } }] });
    expect(customer.shippingAddresses).toHaveLength(1);
    expect(await body(await t.api('GET', `/v1/transactions/${tx.id}`))).toMatchObject({ customerProfileId: customer.id });
    // Used once: the kept ciphertext is gone.
    const again = await t.api('POST', '/v1/customers/from-transaction', { transactionId: tx.id, customer: { merchantCustomerId: 'late-save-2' } });
    expect(again.status).toBe(409);
    expect(await body(again)).toMatchObject({ error: { code: 'transaction_state' } });
  });

  it('refuses after 24 hours, for declined or profile-based transactions, and for another merchant', async () => {
    const { tx } = await charge(t.api, oneTime());
    expect((await t.otherApi('POST', '/v1/customers/from-transaction', { transactionId: tx.id })).status).toBe(404);
    t.clock.advance(24 * 3_600_000);
    expect((await t.api('POST', '/v1/customers/from-transaction', { transactionId: tx.id })).status).toBe(409);
    const row = await t.deps.store.transactions.get(t.merchant.id, tx.id);
    expect(row?.cardNumberCt).not.toBeNull();
    expect(await t.deps.store.transactions.wipeExpiredCards(t.clock.now().toISOString())).toBe(1);
    expect((await t.deps.store.transactions.get(t.merchant.id, tx.id))?.cardNumberCt).toBeNull();

    const declined = (await charge(t.api, oneTime({ card: { number: '4000000000000002', expMonth: 9, expYear: 2031 } }))).tx;
    expect((await t.api('POST', '/v1/customers/from-transaction', { transactionId: declined.id })).status).toBe(409);
    const ids = await storedCard(t.api);
    const byProfile = (await charge(t.api, { ...ids, amount: '1.00' })).tx;
    expect((await t.api('POST', '/v1/customers/from-transaction', { transactionId: byProfile.id })).status).toBe(409);
  });
});

describe('charging a widget result token', () => {
  async function token() {
    const ids = await storedCard(t.api);
    const ctx = { store: t.deps.store, keyring: t.deps.keyring, clock: t.deps.clock, merchantId: t.merchant.id, actor: 'test', clientAddress: null, signingKeys: t.deps.signingKeys };
    const issued = await issueCheckoutToken(ctx, { ...ids, card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 } });
    return { ids, token: issued.token };
  }

  it('redeems the token as part of the charge, once', async () => {
    const { ids, token: tok } = await token();
    const { status, tx } = await charge(t.api, { amount: '15.00', token: tok, cvc: '123' });
    expect(status).toBe(201);
    expect(tx).toMatchObject({ status: 'approved', ...ids, card: { last4: '1111' } });
    const reuse = await charge(t.api, { amount: '16.00', token: tok });
    expect(reuse.status).toBe(409);
    expect(reuse.tx.error?.code).toBe('token_already_used');
  });

  it('does not use the token up when the charge is refused as a duplicate', async () => {
    const first = await token();
    await t.api('POST', '/v1/transactions', { type: 'authCapture', ...first.ids, amount: '15.00' });
    const dup = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '15.00', token: first.token });
    expect(dup.status).toBe(409);
    expect((await charge(t.api, { amount: '15.00', token: first.token })).status).toBe(201);
  });

  it('refuses another merchant\'s token', async () => {
    const { token: tok } = await token();
    const theirs = await t.otherApi('POST', '/v1/transactions', { type: 'authCapture', amount: '15.00', token: tok });
    expect(theirs.status).toBeGreaterThanOrEqual(400);
    expect(theirs.status).toBeLessThan(500);
  });
});

describe('maintenance', () => {
  it('wipes kept cards after 24 hours as charges come in', async () => {
    const { tx } = await charge(t.api, oneTime());
    // The first charge has swept; the next sweep is due ten minutes and a day later.
    t.clock.advance(24 * 3_600_000 + 600_000);
    const ids = await storedCard(t.api);
    await charge(t.api, { ...ids, amount: '1.00' });
    expect((await t.deps.store.transactions.get(t.merchant.id, tx.id))?.cardNumberCt).toBeNull();
  });
});
