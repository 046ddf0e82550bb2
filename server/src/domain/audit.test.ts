import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARDS, ROUTING, cardBody, json, newCard, newCustomer, type TestApp } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';
import { readDatabase } from '../testing/database-reader.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const entries = async () => (await t.deps.store.audit.listForMerchant(t.merchant.id, 100)).reverse();

describe('audit log', () => {
  it('records every create, read, update and delete of card and bank data, with no card data in it', async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const bank = await json<{ id: string }>(
      await t.api('POST', `/v1/customers/${customerId}/payment-profiles`, {
        bankAccount: { accountType: 'savings', routingNumber: ROUTING, accountNumber: '5566778899', nameOnAccount: 'Ada' },
      }),
    );
    await t.api('GET', `/v1/customers/${customerId}/payment-profiles/${card.id}`);
    await t.api('GET', `/v1/customers/${customerId}`);
    await t.api('GET', '/v1/payment-profiles?expiringIn=2030-12');
    await t.api('PATCH', `/v1/customers/${customerId}/payment-profiles/${card.id}`, { card: { expMonth: 1, expYear: 2031 } });
    await t.api('DELETE', `/v1/customers/${customerId}/payment-profiles/${bank.id}`);
    await newCard(t.api, customerId, cardBody(CARDS.amex));
    await t.api('DELETE', `/v1/customers/${customerId}`);

    const log = await entries();
    expect(log.map((e) => [e.action, e.recordType, e.recordId])).toEqual([
      ['payment_profile.create', 'payment_profile', card.id],
      ['payment_profile.create', 'payment_profile', bank.id],
      ['payment_profile.read', 'payment_profile', card.id],
      ['payment_profile.read', 'customer', customerId],
      ['payment_profile.read', 'payment_profile', null],
      ['payment_profile.update', 'payment_profile', card.id],
      ['payment_profile.delete', 'payment_profile', bank.id],
      ['payment_profile.create', 'payment_profile', expect.stringMatching(/^\d{10}$/)],
      ['payment_profile.delete', 'customer', customerId],
    ]);
    for (const e of log) expect(e).toMatchObject({ merchantId: t.merchant.id, actor: 'api', outcome: 'success', at: '2026-06-15T12:00:00.000Z' });
    const text = JSON.stringify(log);
    for (const secret of [CARDS.visa, CARDS.amex, '5566778899', ROUTING]) for (let i = 0; i + 8 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 8));
    // The other merchant's log is untouched.
    expect(await t.deps.store.audit.listForMerchant(t.other.id, 100)).toEqual([]);
  });

  it('records failed authentication without the key that was tried', async () => {
    await t.app.request('/v1/customers', { headers: { authorization: 'Bearer sk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } });
    await t.app.request('/v1/customers', { method: 'POST' });
    const rows = await readDatabase(t, "SELECT * FROM audit_log WHERE action = 'auth.failure' ORDER BY id");
    // One row per address and window, counting the attempts; the last route attempted is kept.
    expect(rows.map((r) => [r.outcome, r.detail, Number(r.count)])).toEqual([['failure', 'POST /v1/customers', 2]]);
    expect(JSON.stringify(rows)).not.toContain('sk_aaaa');
  });

  it('does not record reads of a customer that holds no card or bank data', async () => {
    const customerId = await newCustomer(t.api);
    await t.api('GET', `/v1/customers/${customerId}`);
    expect(await entries()).toEqual([]);
  });
});
