import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { withReceiverApp, type TestApp } from '../webhooks/receiver-app.ts';
import type { Receiver } from '../webhooks/test-receiver.ts';
import { deliverDueOnce } from '../webhooks/worker.ts';
import { CARDS, cardBody, expectErrorBody, json, newCard, newCustomer } from './fixtures.ts';

type EndpointBody = { id: string; url: string; secret?: string; enabled: boolean; events: string[]; disabledReason: string | null };
type EventBody = { id: string; type: string; data: Record<string, unknown>; deliveries: Array<{ id: string; status: string; attempts: number; endpointId: string; attemptLog: Array<{ responseStatus: number | null }> }> };

let t: TestApp;
let receiver: Receiver;
withReceiverApp((app, r) => {
  t = app;
  receiver = r;
});

async function addEndpoint(body: Record<string, unknown> = { url: receiver.url }): Promise<EndpointBody> {
  const res = await t.api('POST', '/v1/webhook-endpoints', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return json<EndpointBody>(res);
}

describe('webhook endpoints', () => {
  it('shows a whsec_ secret once at creation and on rotation, never when read', async () => {
    const created = await addEndpoint({ url: receiver.url, events: ['customer.created'], description: 'orders' });
    expect(created).toMatchObject({ url: receiver.url, events: ['customer.created'], enabled: true, disabledReason: null });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await json<EndpointBody>(await t.api('GET', `/v1/webhook-endpoints/${created.id}`));
    expect(read.secret).toBeUndefined();
    const list = await json<{ data: EndpointBody[] }>(await t.api('GET', '/v1/webhook-endpoints'));
    expect(list.data.map((e) => [e.id, e.secret])).toEqual([[created.id, undefined]]);
    const rotated = await json<EndpointBody>(await t.api('POST', `/v1/webhook-endpoints/${created.id}/rotate-secret`));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    // The secret is sealed at rest: not in any column in clear.
    const rows = await t.deps.store.webhooks.listEndpoints(t.merchant.id);
    expect(Buffer.from(rows[0]!.secretCt).toString('latin1')).not.toContain(rotated.secret!.slice(6, 20));
  });

  it('updates events, disables and enables, deletes; another merchant sees none of it', async () => {
    const created = await addEndpoint();
    const patched = await json<EndpointBody>(await t.api('PATCH', `/v1/webhook-endpoints/${created.id}`, { events: ['transaction.approved'], enabled: false }));
    expect(patched).toMatchObject({ events: ['transaction.approved'], enabled: false, disabledReason: 'Disabled by the merchant.' });
    expect(await json(await t.api('PATCH', `/v1/webhook-endpoints/${created.id}`, { enabled: true }))).toMatchObject({ enabled: true, disabledReason: null });
    for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/rotate-secret'], ['GET', '/deliveries']] as const) {
      const res = await t.otherApi(method, `/v1/webhook-endpoints/${created.id}${path}`, method === 'PATCH' ? { enabled: false } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await t.api('DELETE', `/v1/webhook-endpoints/${created.id}`)).status).toBe(204);
    expect((await t.api('GET', `/v1/webhook-endpoints/${created.id}`)).status).toBe(404);
  });

  it('refuses unknown events, and URLs that are not https or reach a private address, writing nothing', async () => {
    const strict = await makeTestApp();
    try {
      for (const url of ['http://hooks.example.com/in', 'https://127.0.0.1/in', 'https://10.1.2.3/in', 'https://[::1]/in', 'https://localhost/in', 'https://169.254.169.254/latest', 'https://u:p@hooks.example.com/', 'ftp://hooks.example.com/']) {
        const res = await strict.api('POST', '/v1/webhook-endpoints', { url });
        expect(res.status, url).toBe(400);
        expectErrorBody(await res.json(), 'invalid_request');
      }
      const bad = await strict.api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in', events: ['customer.exploded'] });
      expect(bad.status).toBe(400);
      expect(await strict.deps.store.webhooks.listEndpoints(strict.merchant.id)).toEqual([]);
      expect((await strict.api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in' })).status).toBe(201);
    } finally {
      await strict.cleanup();
    }
  });
});

describe('event log', () => {
  it('lists events newest first with a cursor, shows deliveries and attempts, and redelivers with the same webhook-id', async () => {
    const endpoint = await addEndpoint();
    const customerId = await newCustomer(t.api);
    await t.api('PATCH', `/v1/customers/${customerId}`, { description: 'VIP' });
    await newCard(t.api, customerId, cardBody(CARDS.mastercard));
    const first = await json<{ data: EventBody[]; nextCursor: string | null }>(await t.api('GET', '/v1/events?limit=2'));
    expect(first.data.map((e) => e.type)).toEqual(['payment_profile.created', 'customer.updated']);
    const second = await json<{ data: EventBody[]; nextCursor: string | null }>(await t.api('GET', `/v1/events?limit=2&cursor=${first.nextCursor}`));
    expect(second).toMatchObject({ data: [{ type: 'customer.created', data: { id: customerId } }], nextCursor: null });
    expect((await json<{ data: EventBody[] }>(await t.api('GET', '/v1/events?type=customer.updated'))).data).toHaveLength(1);

    expect(await deliverDueOnce(t.deps)).toBe(3);
    const eventId = second.data[0]!.id;
    const event = await json<EventBody>(await t.api('GET', `/v1/events/${eventId}`));
    expect(event.deliveries).toMatchObject([{ endpointId: endpoint.id, status: 'succeeded', attempts: 1, attemptLog: [{ responseStatus: 200 }] }]);

    const again = await t.api('POST', `/v1/events/${eventId}/redeliver`);
    expect(again.status).toBe(202);
    expect(await json(again)).toMatchObject({ deliveries: [{ endpointId: endpoint.id, status: 'pending' }] });
    expect(await deliverDueOnce(t.deps)).toBe(1);
    const copies = receiver.received.filter((r) => r.headers['webhook-id'] === eventId);
    expect(copies).toHaveLength(2);
    for (const copy of copies) expect(receiver.verify(endpoint.secret!, copy)).toMatchObject({ id: eventId, type: 'customer.created' });

    for (const [method, path] of [['GET', `/v1/events/${eventId}`], ['POST', `/v1/events/${eventId}/redeliver`]] as const) {
      expect((await t.otherApi(method, path)).status).toBe(404);
    }
    expect((await t.otherApi('GET', '/v1/events')).status).toBe(200);
    expect((await json<{ data: unknown[] }>(await t.otherApi('GET', '/v1/events'))).data).toEqual([]);
    expect((await t.api('POST', `/v1/events/${eventId}/redeliver`, { endpointId: '1234567890' })).status).toBe(404);
  });
});
