import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { body, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ now: new Date('2026-06-15T12:00:00Z') });
});
afterEach(async () => {
  await t.cleanup();
});

const monthly = { amount: '19.00', interval: { length: 1, unit: 'months' }, startDate: '2026-07-01', totalOccurrences: 12 };

describe('/v1/subscriptions', () => {
  it('creates, reads, lists, updates and cancels a subscription on a stored profile', async () => {
    const ids = await storedCard(t.api);
    const created = await t.api('POST', '/v1/subscriptions', { ...ids, ...monthly, name: 'Pro plan', trialOccurrences: 1, trialAmount: '0.00' });
    expect(created.status).toBe(201);
    const sub = await body<{ id: string }>(created);
    expect(sub).toMatchObject({
      name: 'Pro plan', status: 'active', amount: '19.00', trialAmount: '0.00', currency: 'USD', interval: { length: 1, unit: 'months' },
      startDate: '2026-07-01', totalOccurrences: 12, trialOccurrences: 1, nextBillingDate: '2026-07-01', occurrences: [], ...ids,
    });
    expect(await body(await t.api('GET', `/v1/subscriptions/${sub.id}`))).toMatchObject({ id: sub.id });
    expect((await body<{ data: unknown[] }>(await t.api('GET', '/v1/subscriptions?status=active'))).data).toHaveLength(1);
    expect((await body<{ data: unknown[] }>(await t.api('GET', '/v1/subscriptions?status=canceled'))).data).toHaveLength(0);

    const updated = await body(await t.api('PATCH', `/v1/subscriptions/${sub.id}`, { amount: '21.00', startDate: '2026-07-05' }));
    expect(updated).toMatchObject({ amount: '21.00', startDate: '2026-07-05', nextBillingDate: '2026-07-05' });
    const canceled = await t.api('POST', `/v1/subscriptions/${sub.id}/cancel`);
    expect(await body(canceled)).toMatchObject({ status: 'canceled', nextBillingDate: null });
    expect((await t.api('POST', `/v1/subscriptions/${sub.id}/cancel`)).status).toBe(200);
    expect(await body(await t.api('PATCH', `/v1/subscriptions/${sub.id}`, { amount: '1.00' }))).toMatchObject({ error: { code: 'conflict' } });
  });

  it('refuses bad schedules with a clear error and writes nothing', async () => {
    const ids = await storedCard(t.api);
    const refused = async (over: Record<string, unknown>, field: string) => {
      const res = await t.api('POST', '/v1/subscriptions', { ...ids, ...monthly, ...over });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(await body(res)).toMatchObject({ error: { field } });
    };
    await refused({ startDate: '2026-06-14' }, 'startDate');
    await refused({ startDate: '2026-02-30' }, 'startDate');
    await refused({ interval: { length: 6, unit: 'days' } }, 'interval.length');
    await refused({ interval: { length: 13, unit: 'months' } }, 'interval.length');
    await refused({ trialAmount: '1.00' }, 'trialOccurrences');
    await refused({ trialOccurrences: 12, trialAmount: '1.00' }, 'trialOccurrences');
    await refused({ amount: '-1' }, 'amount');
    await refused({ amount: 5 }, 'amount');
    expect((await t.api('POST', '/v1/subscriptions', { ...ids, ...monthly, paymentProfileId: '1234567890' })).status).toBe(404);
    expect((await body<{ data: unknown[] }>(await t.api('GET', '/v1/subscriptions'))).data).toHaveLength(0);
  });

  it("answers another merchant's subscription exactly like a missing one", async () => {
    const ids = await storedCard(t.api);
    const sub = await body<{ id: string }>(await t.api('POST', '/v1/subscriptions', { ...ids, ...monthly }));
    const theirs = await t.otherApi('GET', `/v1/subscriptions/${sub.id}`);
    const missing = await t.otherApi('GET', '/v1/subscriptions/1234567890');
    expect(theirs.status).toBe(404);
    const strip = (b: { error: { requestId?: string } }) => ({ ...b.error, requestId: undefined });
    expect(strip(await body(theirs))).toEqual(strip(await body(missing)));
    expect((await t.otherApi('POST', `/v1/subscriptions/${sub.id}/cancel`)).status).toBe(404);
    expect((await t.otherApi('POST', '/v1/subscriptions', { ...ids, ...monthly })).status).toBe(404);
    expect((await body<{ data: unknown[] }>(await t.otherApi('GET', '/v1/subscriptions'))).data).toHaveLength(0);
  });
});
