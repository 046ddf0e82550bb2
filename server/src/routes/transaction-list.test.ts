import type { TransactionView } from '@cim/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTHORIZATION_LIFETIME_MS } from '../domain/transaction-views.ts';
import { makeTestApp } from '../test-support.ts';
import { body, charge, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

type List = { data: TransactionView[]; nextCursor: string | null };
const list = async (query = '', api = t.api) => {
  const res = await api('GET', `/v1/transactions${query}`);
  return { status: res.status, ...(await body<List & { error?: { code: string; field?: string; message: string } }>(res)) };
};
const amounts = (l: List) => l.data.map((tx) => tx.amount);

describe('GET /v1/transactions', () => {
  it('lists every transaction of the merchant, newest first, filtered by customer, state, type and created range', async () => {
    const ada = await storedCard(t.api);
    const bob = await storedCard(t.api);
    await storedCard(t.otherApi).then((theirs) => charge(t.otherApi, { ...theirs, amount: '9.99' }));
    const minute = () => t.clock.advance(60_000);
    const captured = (await charge(t.api, { ...ada, amount: '1.00' })).tx;
    minute();
    const authorized = (await charge(t.api, { ...ada, type: 'authOnly', amount: '2.00' })).tx;
    minute();
    const voided = (await charge(t.api, { ...bob, amount: '3.00' })).tx;
    expect((await t.api('POST', `/v1/transactions/${voided.id}/void`)).status).toBe(200);
    minute();
    const refunded = (await charge(t.api, { ...bob, amount: '4.00' })).tx;
    await t.settle();
    minute();
    const refund = await t.api('POST', `/v1/transactions/${refunded.id}/refund`);
    expect(refund.status).toBe(201);

    const all = await list();
    expect(all.status).toBe(200);
    expect(amounts(all)).toEqual(['4.00', '4.00', '3.00', '2.00', '1.00']);
    expect(all.nextCursor).toBeNull();
    expect(amounts(await list(`?customerProfileId=${ada.customerProfileId}`))).toEqual(['2.00', '1.00']);
    expect((await list('?state=settled')).data.map((tx) => tx.id)).toEqual([captured.id]);
    expect((await list('?state=captured')).data).toEqual([]);
    expect((await list('?state=authorized')).data.map((tx) => tx.id)).toEqual([authorized.id]);
    expect((await list('?state=voided')).data.map((tx) => tx.id)).toEqual([voided.id]);
    expect((await list('?state=refunded')).data.map((tx) => tx.state)).toEqual(['refunded', 'refunded']);
    expect((await list('?state=refunded&type=refund')).data.map((tx) => tx.refTransactionId)).toEqual([refunded.id]);
    expect(amounts(await list(`?createdFrom=${encodeURIComponent(authorized.createdAt)}&createdTo=${encodeURIComponent(refunded.createdAt)}`))).toEqual(['3.00', '2.00']);
    expect(amounts(await list('?createdFrom=2026-06-16'))).toEqual([]);
    expect(amounts(await list('?createdTo=2026-06-15T12:01:00%2B00:00'))).toEqual(['1.00']);

    // Thirty days on, the authorisation is expired and listed as such.
    t.clock.advance(AUTHORIZATION_LIFETIME_MS);
    expect((await list('?state=authorized')).data).toEqual([]);
    expect((await list('?state=expired')).data.map((tx) => [tx.id, tx.state])).toEqual([[authorized.id, 'expired']]);
  });

  it('pages with an opaque cursor, the filters kept', async () => {
    const ada = await storedCard(t.api);
    for (let i = 1; i <= 5; i++) {
      await charge(t.api, { ...ada, amount: `${i}.00` });
      t.clock.advance(1000);
    }
    const first = await list('?limit=2&state=captured');
    expect(amounts(first)).toEqual(['5.00', '4.00']);
    const second = await list(`?limit=2&state=captured&cursor=${first.nextCursor}`);
    expect(amounts(second)).toEqual(['3.00', '2.00']);
    const third = await list(`?limit=2&state=captured&cursor=${second.nextCursor}`);
    expect(third).toMatchObject({ nextCursor: null });
    expect(amounts(third)).toEqual(['1.00']);
  });

  it('answers an unknown customer, or another merchant\'s, with an empty list', async () => {
    const theirs = await storedCard(t.otherApi);
    await charge(t.otherApi, { ...theirs, amount: '1.00' });
    for (const id of [theirs.customerProfileId, '1234567891', 'not-an-id']) {
      const answer = await list(`?customerProfileId=${id}`);
      expect({ status: answer.status, data: answer.data, nextCursor: answer.nextCursor }).toEqual({ status: 200, data: [], nextCursor: null });
    }
  });

  it('refuses an unknown state, a bad date or cursor, and an unknown filter with a clear error', async () => {
    const cases: Array<[string, string]> = [
      ['?state=paid', 'state'],
      ['?createdFrom=yesterday', 'createdFrom'],
      ['?cursor=abc', 'cursor'],
      ['?limit=0', 'limit'],
    ];
    for (const [query, field] of cases) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      expect(answer.error, query).toMatchObject({ code: 'invalid_request', field });
    }
    const unknown = await list('?customerId=1');
    expect(unknown.status).toBe(400);
    expect(unknown.error?.message).toContain('customerId');
  });
});
