import type { TransactionView } from '@cim/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../../test-support.ts';
import { charge, storedCard } from '../transaction-fixtures.ts';
import { auditActions, ORIGIN, signedIn, type TestApp } from './console-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

async function chargedCustomer(type: 'authCapture' | 'authOnly' = 'authCapture') {
  const ids = await storedCard(t.api);
  await t.api('PATCH', `/v1/customers/${ids.customerProfileId}`, { merchantCustomerId: 'shopper-42' });
  const { tx } = await charge(t.api, { type, amount: '25.00', customerProfileId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId });
  expect(tx.status).toBe('approved');
  // Refunds apply to settled captures: close the batch, as the cut-off would.
  if (type === 'authCapture') await t.settle();
  return { ...ids, transactionId: tx.id };
}

describe('console customers', () => {
  it('finds a customer by id, merchantCustomerId or email, only within the merchant', async () => {
    const { customerProfileId } = await chargedCustomer();
    const email = ((await json(await t.api('GET', `/v1/customers/${customerProfileId}`))) as { email: string }).email;
    const viewer = await signedIn(t, 'viewer');
    for (const q of [customerProfileId, 'shopper-42', email.toUpperCase()]) {
      const found = await json<{ data: Array<{ id: string }> }>(await viewer.call('GET', `/customers?q=${encodeURIComponent(q)}`));
      expect(found.data.map((c) => c.id), q).toEqual([customerProfileId]);
    }
    const stranger = await signedIn(t, 'admin', t.other.id);
    expect((await json<{ data: unknown[] }>(await stranger.call('GET', `/customers?q=${customerProfileId}`))).data).toEqual([]);
    const theirs = await stranger.call('GET', `/customers/${customerProfileId}`);
    const missing = await stranger.call('GET', '/customers/1234567890');
    expect(theirs.status).toBe(404);
    expect(await json(theirs)).toMatchObject({ error: { code: 'not_found', message: ((await json<{ error: { message: string } }>(missing)).error.message) } });
    expect((await viewer.call('GET', '/customers?q=')).status).toBe(400);
  });

  it('shows a customer with masked cards and its transactions, never the number', async () => {
    const { customerProfileId, transactionId } = await chargedCustomer();
    const viewer = await signedIn(t, 'viewer');
    const res = await viewer.call('GET', `/customers/${customerProfileId}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('411111');
    const body = JSON.parse(text) as { customer: { paymentProfiles: Array<{ card: { last4: string } }> }; transactions: { data: TransactionView[] } };
    expect(body.customer.paymentProfiles[0]!.card.last4).toBe('1111');
    expect(body.transactions.data.map((x) => x.id)).toEqual([transactionId]);
    expect(await auditActions(t)).toEqual(expect.arrayContaining([`staff:${viewer.email} staff.customer.read success`, `staff:${viewer.email} payment_profile.read success`]));
  });
});

describe('console transactions', () => {
  it('lets an operator refund, capture and void through the domain, and audits each', async () => {
    const { transactionId } = await chargedCustomer();
    const op = await signedIn(t, 'operator');
    const refund = await op.call('POST', `/transactions/${transactionId}/refund`, { amount: '10.00' }, { 'idempotency-key': 'dialog-0001' });
    expect(refund.status).toBe(201);
    const again = await op.call('POST', `/transactions/${transactionId}/refund`, { amount: '10.00' }, { 'idempotency-key': 'dialog-0001' });
    expect((await json<TransactionView>(again)).id).toBe((await json<TransactionView>(refund)).id);
    expect(await json(await op.call('GET', `/transactions/${transactionId}`))).toMatchObject({ refundedAmount: '10.00' });
    const tooMuch = await op.call('POST', `/transactions/${transactionId}/refund`, { amount: '20.00' });
    expect(tooMuch.status).toBe(400);
    expect(await json(tooMuch)).toMatchObject({ error: { code: 'amount_exceeds_limit' } });

    const auth = await chargedCustomer('authOnly');
    expect((await op.call('POST', `/transactions/${auth.transactionId}/capture`, { amount: '20.00' })).status).toBe(200);
    const other = await chargedCustomer('authOnly');
    expect(await json(await op.call('POST', `/transactions/${other.transactionId}/void`))).toMatchObject({ action: { type: 'void', status: 'approved' } });

    const log = await auditActions(t);
    expect(log).toEqual(expect.arrayContaining([
      `staff:${op.email} staff.transaction.refund success`,
      `staff:${op.email} staff.transaction.refund failure`,
      `staff:${op.email} staff.transaction.capture success`,
      `staff:${op.email} staff.transaction.void success`,
    ]));
  });

  it("refuses a viewer's forged refund on the server, changes nothing and audits the refusal", async () => {
    const { transactionId } = await chargedCustomer();
    const viewer = await signedIn(t, 'viewer');
    for (const [path, body] of [[`/transactions/${transactionId}/refund`, { amount: '1.00' }], [`/transactions/${transactionId}/void`, undefined], [`/transactions/${transactionId}/capture`, {}]] as const) {
      const res = await viewer.call('POST', path, body);
      expect(res.status, path).toBe(403);
      expect(await json(res)).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await json(await viewer.call('GET', `/transactions/${transactionId}`))).toMatchObject({ refundedAmount: '0.00', state: expect.any(String) });
    const refusals = (await t.deps.store.audit.search(t.merchant.id, { actor: `staff:${viewer.email}`, outcome: 'failure' }, 10)).map((e) => [e.action, e.recordId, e.detail]);
    expect(refusals).toContainEqual(['staff.transaction.refund', transactionId, 'refused: role viewer may not do this (needs operator)']);
  });

  it('refuses a change without the CSRF token or from another origin, and audits it', async () => {
    const { transactionId } = await chargedCustomer();
    const admin = await signedIn(t, 'admin');
    const noToken = await admin.call('POST', `/transactions/${transactionId}/refund`, { amount: '1.00' }, { 'x-csrf-token': '' });
    const wrongToken = await admin.call('POST', `/transactions/${transactionId}/refund`, { amount: '1.00' }, { 'x-csrf-token': 'A'.repeat(43) });
    const crossSite = await admin.call('POST', `/transactions/${transactionId}/refund`, { amount: '1.00' }, { origin: 'https://evil.example' });
    for (const res of [noToken, wrongToken, crossSite]) expect(res.status).toBe(403);
    expect(await json(await admin.call('GET', `/transactions/${transactionId}`))).toMatchObject({ refundedAmount: '0.00' });
    expect((await auditActions(t)).filter((a) => a === `staff:${admin.email} staff.post failure`)).toHaveLength(3);
    expect((await admin.call('POST', `/transactions/${transactionId}/refund`, { amount: '1.00' }, { origin: ORIGIN })).status).toBe(201);
  });
});

describe('console audit log, expiring cards and settings', () => {
  it('filters the audit log by actor, action family, outcome and record, page by page', async () => {
    const { transactionId } = await chargedCustomer();
    const op = await signedIn(t, 'operator');
    await op.call('POST', `/transactions/${transactionId}/refund`, { amount: '1.00' });
    await op.call('POST', `/transactions/${transactionId}/refund`, { amount: '99.00' });
    const q = async (query: string) => json<{ data: Array<{ action: string; outcome: string; recordId: string | null; actor: string }>; nextCursor: string | null }>(await op.call('GET', `/audit?${query}`));
    const refunds = await q(`action=staff.transaction.refund&recordId=${transactionId}`);
    expect(refunds.data.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect((await q('outcome=failure&action=staff.')).data.every((e) => e.outcome === 'failure' && e.action.startsWith('staff.'))).toBe(true);
    expect((await q(`actor=${encodeURIComponent(`staff:${op.email}`)}`)).data.every((e) => e.actor === `staff:${op.email}`)).toBe(true);
    const first = await q('limit=2');
    expect(first.data).toHaveLength(2);
    const second = await q(`limit=2&cursor=${first.nextCursor}`);
    expect(second.data[0]).not.toEqual(first.data[0]);
    expect((await q('since=2026-06-15&until=2026-06-15')).data.length).toBeGreaterThan(0);
    expect((await q('since=2026-06-16')).data.filter((e) => e.action !== 'staff.audit.read')).toEqual([]);
    expect((await op.call('GET', '/audit?outcome=maybe')).status).toBe(400);
    const stranger = await signedIn(t, 'admin', t.other.id);
    const theirs = (await json<{ data: Array<{ actor: string }> }>(await stranger.call('GET', '/audit'))).data;
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((e) => e.actor.includes(op.email))).toEqual([]);
  });

  it('lists the cards that expire next month', async () => {
    // The test clock is 2026-06-15: next month is July 2026.
    const soon = await storedCard(t.api, '4111111111111111', undefined, { expMonth: 7, expYear: 2026 });
    await storedCard(t.api, '5555555555554444', undefined, { expMonth: 8, expYear: 2026 });
    const viewer = await signedIn(t, 'viewer');
    const res = await json<{ month: { year: number; month: number }; data: Array<{ id: string; card: { last4: string } }> }>(await viewer.call('GET', '/expiring-cards'));
    expect(res.month).toEqual({ year: 2026, month: 7 });
    expect(res.data.map((p) => p.id)).toEqual([soon.paymentProfileId]);
  });

  it('lets only an admin add and remove origins and rotate the secret key', async () => {
    const admin = await signedIn(t, 'admin');
    const op = await signedIn(t, 'operator');
    expect((await op.call('GET', '/settings')).status).toBe(403);
    expect((await op.call('POST', '/settings/origins', { origin: 'https://new.example' })).status).toBe(403);
    expect((await op.call('POST', '/settings/secret-key')).status).toBe(403);

    expect(await json(await admin.call('POST', '/settings/origins', { origin: 'https://new.example/' }))).toMatchObject({ allowedOrigins: ['http://shop.test', 'https://new.example'] });
    expect((await admin.call('POST', '/settings/origins', { origin: 'javascript:alert(1)' })).status).toBe(400);
    expect(await json(await admin.call('DELETE', `/settings/origins?origin=${encodeURIComponent('http://shop.test')}`))).toMatchObject({ allowedOrigins: ['https://new.example'] });
    expect((await admin.call('DELETE', `/settings/origins?origin=${encodeURIComponent('http://shop.test')}`)).status).toBe(404);

    const rotated = await admin.call('POST', '/settings/secret-key');
    expect(rotated.status).toBe(201);
    const { secretKey } = await json<{ secretKey: string }>(rotated);
    expect(secretKey).toMatch(/^sk_/);
    const withNew = await t.app.request('/v1/customers', { headers: { authorization: `Bearer ${secretKey}` } });
    expect(withNew.status).toBe(200);
    expect((await t.api('GET', '/v1/customers')).status).toBe(401);
    expect(await auditActions(t)).toEqual(expect.arrayContaining([
      `staff:${op.email} staff.origin.add failure`,
      `staff:${admin.email} staff.secret_key.rotate success`,
      `staff:${admin.email} merchant.secret_key_rotate success`,
    ]));
  });
});
