import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCustomer } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';
import { EVENT_RETENTION_DAYS, pruneWebhookLog } from './webhook-retention.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

const eventCount = async () => (await (await t.api('GET', '/v1/events?limit=100')).json()).data.length as number;

describe('webhook event retention', () => {
  it(`forgets events older than ${EVENT_RETENTION_DAYS} days and keeps newer ones`, async () => {
    await t.api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in' });
    await newCustomer(t.api);
    await newCustomer(t.api);
    t.clock.advance((EVENT_RETENTION_DAYS - 1) * 86_400_000);
    await newCustomer(t.api);
    expect(await pruneWebhookLog(t.deps, t.clock.now())).toBe(0);
    t.clock.advance(2 * 86_400_000);
    expect(await pruneWebhookLog(t.deps, t.clock.now())).toBe(2);
    expect(await eventCount()).toBe(1);
    expect(await t.deps.store.webhooks.listDeliveries(t.merchant.id, {}, 10)).toHaveLength(1);
  });
});
