import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, newCustomer } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from './schedule.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';
import { deliverDueOnce } from './worker.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
const receivers: Receiver[] = [];
beforeEach(async () => {
  t = await makeTestApp({ env: { CIM_WEBHOOKS_ALLOW_PRIVATE: '1', CIM_WEBHOOKS_TIMEOUT_MS: '500' } });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await t.cleanup();
});

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function endpointFor(r: Receiver, events?: string[]) {
  const res = await t.api('POST', '/v1/webhook-endpoints', { url: r.url, ...(events && { events }) });
  expect(res.status).toBe(201);
  return json<{ id: string; secret: string }>(res);
}

const deliveries = () => t.deps.store.webhooks.listDeliveries(t.merchant.id, {}, 100);

describe('delivery', () => {
  it('retries on the schedule with the same webhook-id until the receiver answers 2xx', async () => {
    const r = await receiver((_req, n) => (n <= 2 ? 500 : 204));
    const endpoint = await endpointFor(r);
    await newCustomer(t.api);
    expect(await deliverDueOnce(t.deps)).toBe(1);
    let [d] = await deliveries();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: 500 });
    // Due 5 s later (±10 % jitter): not before.
    const wait = new Date(d!.nextAttemptAt!).getTime() - t.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[0]! * 0.9);
    expect(wait).toBeLessThanOrEqual(RETRY_DELAYS_MS[0]! * 1.1);
    t.clock.advance(4_000);
    expect(await deliverDueOnce(t.deps)).toBe(0);
    t.clock.advance(2_000);
    expect(await deliverDueOnce(t.deps)).toBe(1);
    [d] = await deliveries();
    const secondWait = new Date(d!.nextAttemptAt!).getTime() - t.clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[1]! * 0.9);
    t.clock.advance(RETRY_DELAYS_MS[1]! * 1.1);
    expect(await deliverDueOnce(t.deps)).toBe(1);
    [d] = await deliveries();
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, lastResponseStatus: 204, nextAttemptAt: null });
    expect(new Set(r.received.map((q) => q.headers['webhook-id'])).size).toBe(1);
    for (const q of r.received) expect(r.verify(endpoint.secret, q)).toMatchObject({ type: 'customer.created' });
    const attempts = await t.deps.store.webhooks.listAttempts(t.merchant.id, d!.id);
    expect(attempts.map((a) => [a.attempt, a.responseStatus])).toEqual([[1, 500], [2, 500], [3, 204]]);
    expect(attempts[0]!.responseBody).toBe('answer 1');
  });

  it('fails a delivery after the last attempt of the schedule', async () => {
    const r = await receiver(() => 503);
    await endpointFor(r);
    await newCustomer(t.api);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect(await deliverDueOnce(t.deps)).toBe(1);
      // Past the longest wait (24 h + 10 % jitter).
      t.clock.advance(27 * 3_600_000);
    }
    expect(await deliverDueOnce(t.deps)).toBe(0);
    expect(await deliveries()).toMatchObject([{ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null, lastResponseStatus: 503 }]);
    expect(r.received).toHaveLength(MAX_ATTEMPTS);
  });

  it('disables the endpoint on 410 Gone; later events are not queued for it', async () => {
    const r = await receiver(() => 410);
    const endpoint = await endpointFor(r);
    await newCustomer(t.api);
    await deliverDueOnce(t.deps);
    expect(await deliveries()).toMatchObject([{ status: 'failed', attempts: 1, lastResponseStatus: 410 }]);
    expect(await json(await t.api('GET', `/v1/webhook-endpoints/${endpoint.id}`))).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone.' });
    await newCustomer(t.api);
    expect(await deliveries()).toHaveLength(1);
  });

  it('does not follow redirects, gives up on a silent receiver at the timeout, and reads a bounded answer', async () => {
    const target = await receiver();
    const redirecting = await receiver((_req, _n, res) => {
      res.writeHead(307, { location: target.url }).end();
    });
    const silent = await receiver(() => undefined);
    const huge = await receiver((_req, _n, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1_000_000));
    });
    for (const r of [redirecting, silent, huge]) await endpointFor(r);
    await newCustomer(t.api);
    expect(await deliverDueOnce(t.deps)).toBe(3);
    expect(target.received).toHaveLength(0);
    const byEndpoint = new Map((await deliveries()).map((d) => [d.endpointId, d]));
    const endpoints = await t.deps.store.webhooks.listEndpoints(t.merchant.id);
    const of = (r: Receiver) => byEndpoint.get(endpoints.find((e) => e.url === r.url)!.id)!;
    expect(of(redirecting)).toMatchObject({ status: 'pending', lastResponseStatus: 307 });
    expect(of(silent)).toMatchObject({ status: 'pending', lastResponseStatus: null, lastError: 'no answer within 500 ms' });
    expect(of(huge)).toMatchObject({ status: 'succeeded', lastResponseStatus: 200 });
    const [hugeAttempt] = await t.deps.store.webhooks.listAttempts(t.merchant.id, of(huge).id);
    expect(hugeAttempt!.responseBody!.length).toBe(1024);
  });

  it('refuses to deliver to loopback or private addresses unless CIM_WEBHOOKS_ALLOW_PRIVATE, resolving names first', async () => {
    const r = await receiver();
    await endpointFor(r);
    // An endpoint whose name resolves to loopback (saved while names are not resolved yet).
    await t.api('POST', '/v1/webhook-endpoints', { url: `http://localhost:${r.port}/hooks` });
    await newCustomer(t.api);
    const strict = { ...t.deps, config: { ...t.deps.config, CIM_WEBHOOKS_ALLOW_PRIVATE: '0' as const } };
    expect(await deliverDueOnce(strict)).toBe(2);
    expect(r.received).toHaveLength(0);
    const found = await deliveries();
    expect(found.map((d) => d.lastError).sort()).toEqual([
      expect.stringMatching(/^127\.0\.0\.1 resolves to a private address/),
      expect.stringMatching(/^localhost resolves to a private address/),
    ]);
    expect(found.every((d) => d.status === 'pending' && d.lastResponseStatus === null)).toBe(true);
  });

  it('gives each due delivery to one of several concurrent workers', async () => {
    const r = await receiver();
    await endpointFor(r);
    for (let i = 0; i < 5; i++) await newCustomer(t.api);
    const claimed = await Promise.all([1, 2, 3, 4].map(() => deliverDueOnce(t.deps)));
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(5);
    expect(r.received).toHaveLength(5);
    expect(new Set(r.received.map((q) => q.headers['webhook-id'])).size).toBe(5);
  });
});
