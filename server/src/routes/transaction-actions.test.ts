import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settleAllDue } from '../domain/settlement.ts';
import { makeTestApp } from '../test-support.ts';
import { body, charge, sandboxOf, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const post = (path: string, input: unknown = {}, headers: Record<string, string> = {}) => t.api('POST', path, input, headers);
const get = async (id: string) => body<{ state: string; capturedAmount: string; refundedAmount: string }>(await t.api('GET', `/v1/transactions/${id}`));

describe('capture', () => {
  it('captures an authorisation for at most the authorised amount, once', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, type: 'authOnly', amount: '100.00' });
    const over = await post(`/v1/transactions/${tx.id}/capture`, { amount: '100.01' });
    expect(over.status).toBe(400);
    expect(await body(over)).toMatchObject({ error: { code: 'amount_exceeds_limit' } });
    const ok = await post(`/v1/transactions/${tx.id}/capture`, { amount: '80.00' });
    expect(ok.status).toBe(200);
    expect(await body(ok)).toMatchObject({ state: 'captured', capturedAmount: '80.00', amount: '100.00', action: { type: 'capture', status: 'approved', amount: '80.00' } });
    const twice = await post(`/v1/transactions/${tx.id}/capture`, {});
    expect(twice.status).toBe(409);
    expect(await body(twice)).toMatchObject({ error: { code: 'transaction_state' } });
  });

  it('captures the full amount by default and refuses authCapture, declined and expired authorisations', async () => {
    const ids = await storedCard(t.api);
    const auth = (await charge(t.api, { ...ids, type: 'authOnly', amount: '12.00' })).tx;
    expect(await body(await post(`/v1/transactions/${auth.id}/capture`))).toMatchObject({ capturedAmount: '12.00' });
    const sale = (await charge(t.api, { ...ids, amount: '12.00' })).tx;
    expect((await post(`/v1/transactions/${sale.id}/capture`)).status).toBe(409);
    const declinedIds = await storedCard(t.api, '4000000000000002');
    const declined = (await charge(t.api, { ...declinedIds, type: 'authOnly', amount: '12.00' })).tx;
    expect((await post(`/v1/transactions/${declined.id}/capture`)).status).toBe(409);
    const old = (await charge(t.api, { ...ids, type: 'authOnly', amount: '13.00' })).tx;
    t.clock.advance(30 * 86_400_000);
    expect((await get(old.id)).state).toBe('expired');
    expect((await post(`/v1/transactions/${old.id}/capture`)).status).toBe(409);
  });

  it('concurrent captures of one authorisation capture once', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, type: 'authOnly', amount: '30.00' });
    // Different amounts: one wins, the rest find a capture under way.
    const results = await Promise.all(['10.00', '20.00', '30.00'].map((amount) => post(`/v1/transactions/${tx.id}/capture`, { amount })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const captured = (await get(tx.id)).capturedAmount;
    expect(['10.00', '20.00', '30.00']).toContain(captured);
    // The same capture asked for concurrently joins the one under way (same processor reference): still one capture.
    const again = (await charge(t.api, { ...ids, type: 'authOnly', amount: '31.00' })).tx;
    const same = await Promise.all([1, 2, 3].map(() => post(`/v1/transactions/${again.id}/capture`, { amount: '31.00' })));
    expect(same.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect((await get(again.id)).capturedAmount).toBe('31.00');
  });

  it('resolves a capture whose answer was lost by asking again, without capturing twice', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, type: 'authOnly', amount: '90.00' });
    const lost = await post(`/v1/transactions/${tx.id}/capture`, { amount: '70.02' });
    expect(lost.status).toBe(502);
    expect(await body(await t.api('GET', `/v1/transactions/${tx.id}`))).toMatchObject({ pendingAction: 'capture', state: 'authorized' });
    const retried = await post(`/v1/transactions/${tx.id}/capture`, { amount: '70.02' });
    expect(retried.status).toBe(200);
    expect(await body(retried)).toMatchObject({ state: 'captured', capturedAmount: '70.02' });
  });
});

describe('void', () => {
  it('voids an authorisation and an unsettled capture, but not a settled one', async () => {
    const ids = await storedCard(t.api);
    const auth = (await charge(t.api, { ...ids, type: 'authOnly', amount: '10.00' })).tx;
    expect(await body(await post(`/v1/transactions/${auth.id}/void`))).toMatchObject({ state: 'voided', action: { type: 'void', status: 'approved' } });
    expect((await post(`/v1/transactions/${auth.id}/void`)).status).toBe(409);
    expect((await post(`/v1/transactions/${auth.id}/capture`)).status).toBe(409);

    const sale = (await charge(t.api, { ...ids, amount: '11.00' })).tx;
    expect((await post(`/v1/transactions/${sale.id}/void`)).status).toBe(200);
    expect((await post(`/v1/transactions/${sale.id}/refund`, { amount: '1.00' })).status).toBe(409);

    const settled = (await charge(t.api, { ...ids, amount: '12.00' })).tx;
    expect((await get(settled.id)).state).toBe('captured');
    t.clock.advance(12 * 3_600_000); // past the 00:00 UTC cut-off: the scheduler's round settles the day's captures
    expect(await settleAllDue(t.deps.store, t.clock.now())).toBe(1);
    expect((await get(settled.id)).state).toBe('settled');
    const late = await post(`/v1/transactions/${settled.id}/void`);
    expect(late.status).toBe(409);
    expect(await body(late)).toMatchObject({ error: { code: 'transaction_state' } });
    expect((await post(`/v1/transactions/${settled.id}/refund`, { amount: '12.00' })).status).toBe(201);
  });

  it('refuses to void declined transactions, refunds and refunded captures', async () => {
    const ids = await storedCard(t.api, '4000000000009995');
    const declined = (await charge(t.api, { ...ids, amount: '10.00' })).tx;
    expect((await post(`/v1/transactions/${declined.id}/void`)).status).toBe(409);
    const good = await storedCard(t.api);
    const sale = (await charge(t.api, { ...good, amount: '10.00' })).tx;
    await t.settle();
    const refund = await body<{ id: string }>(await post(`/v1/transactions/${sale.id}/refund`, { amount: '2.00' }));
    expect((await post(`/v1/transactions/${refund.id}/void`)).status).toBe(409);
    expect((await post(`/v1/transactions/${sale.id}/void`)).status).toBe(409);
  });
});

describe('refund', () => {
  it('refunds in parts that add up to at most what was captured', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '50.00' });
    await t.settle();
    const r1 = await post(`/v1/transactions/${tx.id}/refund`, { amount: '20.00' });
    expect(r1.status).toBe(201);
    expect(await body(r1)).toMatchObject({ type: 'refund', status: 'approved', state: 'refunded', amount: '20.00', refTransactionId: tx.id, card: { brand: 'visa', last4: '1111' } });
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '25.00' })).status).toBe(201);
    const over = await post(`/v1/transactions/${tx.id}/refund`, { amount: '5.01' });
    expect(over.status).toBe(400);
    expect(await body(over)).toMatchObject({ error: { code: 'amount_exceeds_limit' } });
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '5.00' })).status).toBe(201);
    expect(await get(tx.id)).toMatchObject({ state: 'refunded', refundedAmount: '50.00' });
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '0.01' })).status).toBe(400);
    const history = await body<{ data: unknown[] }>(await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions`));
    expect(history.data).toHaveLength(4);
  });

  it('limits a partially captured authorisation to what was captured', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, type: 'authOnly', amount: '40.00' });
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '1.00' })).status).toBe(409);
    await post(`/v1/transactions/${tx.id}/capture`, { amount: '25.00' });
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '1.00' })).status).toBe(409); // captured, not settled yet
    await t.settle();
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '25.01' })).status).toBe(400);
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '25.00' })).status).toBe(201);
  });

  it('never lets concurrent refunds exceed the captured amount', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '100.00' });
    await t.settle();
    const results = await Promise.all(Array.from({ length: 10 }, () => post(`/v1/transactions/${tx.id}/refund`, { amount: '30.00' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 400)).toHaveLength(7);
    expect(await get(tx.id)).toMatchObject({ refundedAmount: '90.00' });
  });

  it('releases the reserved amount when the processor refuses the refund', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '80.00' });
    await t.settle();
    const failed = await post(`/v1/transactions/${tx.id}/refund`, { amount: '70.01' });
    expect(await body(failed)).toMatchObject({ status: 'error', responseCode: 3 });
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '80.00' })).status).toBe(201);
  });

  it('resolves a refund whose answer was lost by a retry with the same key', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '80.00' });
    await t.settle();
    const headers = { 'Idempotency-Key': 'refund-slow' };
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '70.02' }, headers)).status).toBe(502);
    // The reservation holds while the outcome is unknown.
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '10.00' })).status).toBe(400);
    const retry = await post(`/v1/transactions/${tx.id}/refund`, { amount: '70.02' }, headers);
    expect(retry.status).toBe(201);
    const refund = await body<{ id: string; status: string }>(retry);
    expect(refund.status).toBe('approved');
    expect(sandboxOf(t).executions(refund.id)).toBe(1);
    expect(await get(tx.id)).toMatchObject({ refundedAmount: '70.02' });
  });
});
