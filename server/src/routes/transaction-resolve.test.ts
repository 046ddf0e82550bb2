import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { body, charge, sandboxOf, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const post = (path: string, input: unknown = {}) => t.api('POST', path, input);
const get = async (id: string) => body<Record<string, unknown>>(await t.api('GET', `/v1/transactions/${id}`));
type LostAnswer = { error: { code: string; message: string; transactionId: string } };

/** 70.02: the sandbox carries the call out, then loses its answer the first time (a timeout). */
const ONE_TIME_CARD = { number: '5424000000000015', expMonth: 1, expYear: 2031, cvc: '900' };

describe('POST /v1/transactions/:id/resolve (no Idempotency-Key to retry with)', () => {
  it('finishes a charge whose answer was lost, names it in the 502, and never charges twice', async () => {
    const ids = await storedCard(t.api);
    const lost = await charge(t.api, { ...ids, amount: '70.02' });
    expect(lost.status).toBe(502);
    const { error } = lost.tx as unknown as LostAnswer;
    expect(error).toMatchObject({ code: 'processor_error', transactionId: expect.stringMatching(/^\d+$/) });
    expect(error.message).toContain(`/v1/transactions/${error.transactionId}/resolve`);
    expect(await get(error.transactionId)).toMatchObject({ status: 'pending' });

    const resolved = await post(`/v1/transactions/${error.transactionId}/resolve`);
    expect(resolved.status).toBe(200);
    expect(await body(resolved)).toMatchObject({ id: error.transactionId, status: 'approved', state: 'captured', capturedAmount: '70.02' });
    expect(sandboxOf(t).executions(error.transactionId)).toBe(1);
    // Resolving again changes nothing and asks the processor nothing.
    expect(await body(await post(`/v1/transactions/${error.transactionId}/resolve`))).toMatchObject({ status: 'approved', capturedAmount: '70.02' });
    expect(sandboxOf(t).executions(error.transactionId)).toBe(1);
  });

  it('asks for the same one-time card again, and refuses another card', async () => {
    const lost = await charge(t.api, { amount: '70.02', card: ONE_TIME_CARD, billTo: { zip: '10001' } });
    expect(lost.status).toBe(502);
    const id = (lost.tx as unknown as LostAnswer).error.transactionId;

    const bare = await post(`/v1/transactions/${id}/resolve`);
    expect(bare.status).toBe(400);
    expect(await body(bare)).toMatchObject({ error: { code: 'invalid_request', field: 'card' } });
    const other = await post(`/v1/transactions/${id}/resolve`, { card: { number: '4111111111111111', expMonth: 1, expYear: 2031 } });
    expect(other.status).toBe(400);
    expect(await body(other)).toMatchObject({ error: { code: 'invalid_request', field: 'card.number' } });
    expect(await get(id)).toMatchObject({ status: 'pending' });

    const resolved = await post(`/v1/transactions/${id}/resolve`, { card: ONE_TIME_CARD });
    expect(await body(resolved)).toMatchObject({ id, status: 'approved', card: { brand: 'mastercard', last4: '0015' } });
    expect(sandboxOf(t).executions(id)).toBe(1);
  });

  it('finishes a refund whose answer was lost, releasing nothing twice', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '80.00' });
    await t.settle();
    const lost = await post(`/v1/transactions/${tx.id}/refund`, { amount: '70.02' });
    expect(lost.status).toBe(502);
    const refundId = (await body<LostAnswer>(lost)).error.transactionId;
    expect(refundId).not.toBe(tx.id);

    const resolved = await post(`/v1/transactions/${refundId}/resolve`);
    expect(await body(resolved)).toMatchObject({ id: refundId, type: 'refund', status: 'approved' });
    expect(sandboxOf(t).executions(refundId)).toBe(1);
    expect(await get(tx.id)).toMatchObject({ refundedAmount: '70.02' });
    // What is left to refund is what was captured minus the one refund.
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '10.00' })).status).toBe(400);
    expect((await post(`/v1/transactions/${tx.id}/refund`, { amount: '9.98' })).status).toBe(201);
  });

  it('finishes a capture whose answer was lost', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, type: 'authOnly', amount: '90.00' });
    const lost = await post(`/v1/transactions/${tx.id}/capture`, { amount: '70.02' });
    expect(lost.status).toBe(502);
    expect(await body(lost)).toMatchObject({ error: { code: 'processor_error', transactionId: tx.id } });
    const resolved = await post(`/v1/transactions/${tx.id}/resolve`);
    expect(await body(resolved)).toMatchObject({ state: 'captured', capturedAmount: '70.02', action: { type: 'capture', status: 'approved' } });
    expect(await get(tx.id)).toMatchObject({ capturedAmount: '70.02' });
  });

  it('returns a settled transaction as it is, and answers 404 for another merchant’s or a missing id', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '5.00' });
    const same = await post(`/v1/transactions/${tx.id}/resolve`);
    expect(same.status).toBe(200);
    expect(await body(same)).toEqual(await get(tx.id));
    const theirs = await t.otherApi('POST', `/v1/transactions/${tx.id}/resolve`, {});
    const missing = await post('/v1/transactions/9999999999/resolve');
    expect(theirs.status).toBe(404);
    expect(await body(theirs)).toMatchObject({ error: { code: 'not_found', message: (await body<{ error: { message: string } }>(missing)).error.message } });
  });
});
