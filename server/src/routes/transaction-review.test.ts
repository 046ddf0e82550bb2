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

/** 70.03: the sandbox holds the transaction for review (response code 4, reason 252). */
async function held(type: 'authCapture' | 'authOnly' = 'authCapture') {
  const ids = await storedCard(t.api);
  const { status, tx } = await charge(t.api, { ...ids, type, amount: '70.03' });
  expect(status).toBe(201);
  expect(tx).toMatchObject({ status: 'heldForReview', state: 'heldForReview', responseCode: 4, reasonCode: 252 });
  return tx.id;
}

describe('POST /v1/transactions/:id/review', () => {
  it('approves a held charge: it is captured as first asked', async () => {
    const id = await held();
    expect((await post(`/v1/transactions/${id}/refund`, { amount: '1.00' })).status).toBe(409);
    const res = await post(`/v1/transactions/${id}/review`, { decision: 'approve' });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      id, status: 'approved', state: 'captured', capturedAmount: '70.03', responseCode: 1, reasonCode: 1,
      action: { type: 'review', decision: 'approve', status: 'approved' },
    });
    expect(sandboxOf(t).executions(`${id}:review`)).toBe(1);
    // Now an ordinary capture: refundable once settled, and no longer reviewable.
    await t.settle();
    expect((await post(`/v1/transactions/${id}/refund`, { amount: '1.00' })).status).toBe(201);
    const again = await post(`/v1/transactions/${id}/review`, { decision: 'decline' });
    expect(again.status).toBe(409);
    expect(await body(again)).toMatchObject({ error: { code: 'transaction_state' } });
  });

  it('approves a held authorisation into one that can be captured', async () => {
    const id = await held('authOnly');
    expect((await post(`/v1/transactions/${id}/capture`)).status).toBe(409);
    expect(await body(await post(`/v1/transactions/${id}/review`, { decision: 'approve' }))).toMatchObject({ status: 'approved', state: 'authorized', capturedAmount: '0.00' });
    expect(await body(await post(`/v1/transactions/${id}/capture`))).toMatchObject({ state: 'captured', capturedAmount: '70.03' });
  });

  it('declines a held charge: no money moves, and nothing can follow', async () => {
    const id = await held();
    expect(await body(await post(`/v1/transactions/${id}/review`, { decision: 'decline' }))).toMatchObject({
      status: 'declined', state: 'declined', capturedAmount: '0.00', responseCode: 2, reasonCode: 254, action: { type: 'review', decision: 'decline', status: 'declined' },
    });
    expect((await post(`/v1/transactions/${id}/refund`, { amount: '1.00' })).status).toBe(409);
    expect((await post(`/v1/transactions/${id}/void`)).status).toBe(409);
    expect(await get(id)).toMatchObject({ status: 'declined' });
  });

  it('decides once under concurrent reviews: the processor’s first decision stands for all', async () => {
    const id = await held();
    const answers = await Promise.all(
      (['approve', 'decline', 'approve', 'decline', 'approve'] as const).map((decision) => post(`/v1/transactions/${id}/review`, { decision })),
    );
    const finals = await Promise.all(answers.filter((r) => r.status === 200).map((r) => body<{ status: string }>(r)));
    const outcome = (await get(id)).status;
    expect(['approved', 'declined']).toContain(outcome);
    expect(finals.every((f) => f.status === outcome)).toBe(true);
    expect(answers.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(sandboxOf(t).executions(`${id}:review`)).toBe(1);
  });

  it('refuses what is not held, a bad decision, a voided hold, and another merchant’s transaction', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '5.00' });
    expect(await body(await post(`/v1/transactions/${tx.id}/review`, { decision: 'approve' }))).toMatchObject({ error: { code: 'transaction_state' } });
    const id = await held();
    expect(await body(await post(`/v1/transactions/${id}/review`, { decision: 'maybe' }))).toMatchObject({ error: { code: 'invalid_request', field: 'decision' } });
    expect((await t.otherApi('POST', `/v1/transactions/${id}/review`, { decision: 'approve' })).status).toBe(404);
    expect((await post(`/v1/transactions/${id}/void`)).status).toBe(200);
    expect((await post(`/v1/transactions/${id}/review`, { decision: 'approve' })).status).toBe(409);
    expect(await get(id)).toMatchObject({ state: 'voided' });
  });
});
