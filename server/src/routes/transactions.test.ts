import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { BILL_TO, body, charge, sandboxOf, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

describe('POST /v1/transactions by profile ids', () => {
  it('charges a stored profile and returns masked card data only', async () => {
    const ids = await storedCard(t.api);
    const { status, tx } = await charge(t.api, { ...ids, amount: '12.34', cvc: '123', orderId: 'INV-1' });
    expect(status).toBe(201);
    expect(tx).toMatchObject({
      type: 'authCapture',
      status: 'approved',
      state: 'captured',
      amount: '12.34',
      currency: 'USD',
      capturedAmount: '12.34',
      responseCode: 1,
      reasonCode: 1,
      avsResult: 'Y',
      cvcResult: 'M',
      customerProfileId: ids.customerProfileId,
      paymentProfileId: ids.paymentProfileId,
      card: { brand: 'visa', last4: '1111' },
      orderId: 'INV-1',
    });
    expect(tx.id).toMatch(/^\d{10}$/);
    expect(tx.authCode).toMatch(/^[0-9A-F]{6}$/);
    expect(JSON.stringify(tx)).not.toContain('4111111111111111');
    const got = await t.api('GET', `/v1/transactions/${tx.id}`);
    expect(await body(got)).toEqual(tx);
    // The decryption for the processor call is in the audit log, committed with the pending record.
    const log = await t.deps.store.audit.listForMerchant(t.merchant.id, 50);
    expect(log.filter((e) => e.action === 'payment_profile.decrypt' && e.recordId === ids.paymentProfileId)).toHaveLength(1);
  });

  it('authorises without capturing (authOnly)', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, type: 'authOnly', amount: '5.00' });
    expect(tx).toMatchObject({ type: 'authOnly', status: 'approved', state: 'authorized', capturedAmount: '0.00' });
  });

  it('answers a profile of another merchant or another customer like a missing one', async () => {
    const mine = await storedCard(t.api);
    const theirs = await storedCard(t.otherApi);
    const cross = await charge(t.api, { ...theirs, amount: '1.00' });
    const missing = await charge(t.api, { customerProfileId: '1234567890', paymentProfileId: '1234567891', amount: '1.00' });
    expect(cross.status).toBe(404);
    expect({ code: cross.tx.error?.code, message: cross.tx.error?.message }).toEqual({ code: missing.tx.error?.code, message: missing.tx.error?.message });
    const otherCustomer = await storedCard(t.api);
    const mixed = await charge(t.api, { customerProfileId: otherCustomer.customerProfileId, paymentProfileId: mine.paymentProfileId, amount: '1.00' });
    expect(mixed.status).toBe(404);
    const { tx } = await charge(t.api, { ...mine, amount: '1.00' });
    expect((await t.otherApi('GET', `/v1/transactions/${tx.id}`)).status).toBe(404);
    expect((await t.otherApi('GET', `/v1/customers/${mine.customerProfileId}/transactions`)).status).toBe(404);
    expect((await t.otherApi('POST', `/v1/transactions/${tx.id}/refund`, { amount: '1.00' })).status).toBe(404);
    expect((await t.otherApi('POST', `/v1/transactions/${tx.id}/void`, {})).status).toBe(404);
  });

  it('refuses bad amounts with invalid_amount and writes nothing', async () => {
    const ids = await storedCard(t.api);
    for (const amount of ['0', '0.00', '-5.00', '1.234', '1e2', 'ten', '100000000.00', '']) {
      const { status, tx } = await charge(t.api, { ...ids, amount });
      expect(status, amount).toBe(400);
      expect(tx.error?.code, amount).toBe('invalid_amount');
    }
    const numeric = await charge(t.api, { ...ids, amount: 12.34 });
    expect(numeric.status).toBe(400);
    const yen = await charge(t.api, { ...ids, amount: '1.50', currency: 'JPY' });
    expect(yen.tx.error?.code).toBe('invalid_amount');
    expect((await charge(t.api, { ...ids, amount: '150', currency: 'JPY' })).tx).toMatchObject({ amount: '150', currency: 'JPY' });
    const list = await body<{ data: unknown[] }>(await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions`));
    expect(list.data).toHaveLength(1);
  });

  it('refuses a request naming two payment sources', async () => {
    const ids = await storedCard(t.api);
    const { status, tx } = await charge(t.api, { ...ids, amount: '1.00', token: 'abc' });
    expect(status).toBe(400);
    expect(tx.error?.code).toBe('invalid_request');
  });

  it('lists a customer\'s transactions newest first, paged', async () => {
    const ids = await storedCard(t.api);
    for (let i = 1; i <= 5; i++) {
      await charge(t.api, { ...ids, amount: `${i}.00` });
      t.clock.advance(1000);
    }
    const first = await body<{ data: Array<{ amount: string }>; nextCursor: string | null }>(await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions?limit=3`));
    expect(first.data.map((x) => x.amount)).toEqual(['5.00', '4.00', '3.00']);
    const second = await body<{ data: Array<{ amount: string }>; nextCursor: string | null }>(
      await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions?limit=3&cursor=${first.nextCursor}`),
    );
    expect(second.data.map((x) => x.amount)).toEqual(['2.00', '1.00']);
    expect(second.nextCursor).toBeNull();
  });

  it('charges a stored profile a different amount each month (recurring billing)', async () => {
    const ids = await storedCard(t.api);
    const bills = ['41.17', '38.02', '55.90'];
    for (const [month, amount] of bills.entries()) {
      const { tx } = await charge(t.api, { ...ids, amount, orderId: `2026-0${month + 6}` }, { 'Idempotency-Key': `bill-${ids.customerProfileId}-${month}` });
      expect(tx).toMatchObject({ status: 'approved', amount });
      t.clock.advance(30 * 86_400_000);
    }
    expect(sandboxOf(t)).toBeDefined();
    const list = await body<{ data: Array<{ amount: string }> }>(await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions`));
    expect(list.data.map((x) => x.amount)).toEqual([...bills].reverse());
  });

  it('charges a bank-account profile (eCheck) and declines over the sandbox limit', async () => {
    const customer = await body<{ id: string }>(await t.api('POST', '/v1/customers', { email: 'bank@example.com' }));
    const profile = await body<{ id: string }>(
      await t.api('POST', `/v1/customers/${customer.id}/payment-profiles`, {
        bankAccount: { accountType: 'checking', routingNumber: '021000021', accountNumber: '123456789', nameOnAccount: 'Ada Lovelace' },
        billTo: BILL_TO,
      }),
    );
    const ids = { customerProfileId: customer.id, paymentProfileId: profile.id };
    expect((await charge(t.api, { ...ids, amount: '99.00' })).tx).toMatchObject({ status: 'approved', bankAccount: { accountType: 'checking', last4: '6789' } });
    expect((await charge(t.api, { ...ids, amount: '100.01' })).tx).toMatchObject({ status: 'declined', declineCode: 'bankAccountLimit' });
  });

  it('debits a one-time bank account without storing it; refuses createProfile or a bad routing number with it', async () => {
    const bankAccount = { accountType: 'savings', routingNumber: '021000021', accountNumber: '987654321', nameOnAccount: 'Ada Lovelace' };
    const { res, tx } = await charge(t.api, { amount: '12.00', bankAccount, billTo: BILL_TO });
    expect(res.status).toBe(201);
    expect(tx).toMatchObject({ status: 'approved', bankAccount: { accountType: 'savings', last4: '4321' } });
    expect(JSON.stringify(await t.deps.store.transactions.get(t.merchant.id, tx.id))).not.toContain('987654321');
    expect((await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', bankAccount, createProfile: true, customer: { email: 'a@b.co' } })).status).toBe(400);
    const badRouting = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', bankAccount: { ...bankAccount, routingNumber: '123456789' } });
    expect(await body(badRouting)).toMatchObject({ error: { code: 'invalid_routing_number', field: 'bankAccount.routingNumber' } });
  });
});
