import { describe, expect, it } from 'vitest';
import { deliverDueOnce } from '../../webhooks/worker.ts';
import { withReceiverApp } from '../../webhooks/receiver-app.ts';
import type { Receiver } from '../../webhooks/test-receiver.ts';
import { newCustomer } from '../fixtures.ts';
import { auditActions, signedIn, type TestApp } from './console-fixtures.ts';

let t: TestApp;
let receiver: Receiver;
withReceiverApp((app, r) => {
  t = app;
  receiver = r;
});

const json = async <T = Record<string, any>>(res: Response) => (await res.json()) as T;

describe('console webhooks', () => {
  it('shows endpoints and recent deliveries to a viewer, and refuses (and audits) a viewer adding one', async () => {
    await t.api('POST', '/v1/webhook-endpoints', { url: receiver.url });
    await newCustomer(t.api);
    await deliverDueOnce(t.deps);
    const viewer = await signedIn(t, 'viewer');
    const overview = await json(await viewer.call('GET', '/webhooks'));
    expect(overview.endpoints).toEqual([expect.objectContaining({ url: receiver.url, enabled: true })]);
    expect(overview.endpoints[0].secret).toBeUndefined();
    expect(overview.deliveries).toEqual([expect.objectContaining({ eventType: 'customer.created', status: 'succeeded', attempts: 1, lastResponseStatus: 200 })]);
    const forged = await viewer.call('POST', '/webhooks/endpoints', { url: 'https://hooks.example.com/in' });
    expect(forged.status).toBe(403);
    expect((await viewer.call('POST', `/webhooks/events/${overview.deliveries[0].eventId}/redeliver`)).status).toBe(403);
    expect(await t.deps.store.webhooks.listEndpoints(t.merchant.id)).toHaveLength(1);
    expect(await auditActions(t)).toEqual(expect.arrayContaining([`staff:${viewer.email} staff.webhook_endpoint.add failure`, `staff:${viewer.email} staff.webhooks.read success`]));
  });

  it('lets an admin add (secret shown once), disable, redeliver and remove, with the CSRF token, within the merchant', async () => {
    const admin = await signedIn(t, 'admin');
    const added = await admin.call('POST', '/webhooks/endpoints', { url: receiver.url, events: ['customer.created'] });
    expect(added.status).toBe(201);
    expect(added.headers.get('cache-control')).toBe('no-store');
    const endpoint = await json(added);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await admin.call('POST', '/webhooks/endpoints', { url: receiver.url }, { 'x-csrf-token': 'forged' })).status).toBe(403);

    await newCustomer(t.api);
    await deliverDueOnce(t.deps);
    const [delivery] = (await json(await admin.call('GET', '/webhooks'))).deliveries;
    const redelivered = await admin.call('POST', `/webhooks/events/${delivery.eventId}/redeliver`);
    expect(redelivered.status).toBe(202);
    await deliverDueOnce(t.deps);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([delivery.eventId, delivery.eventId]);

    const stranger = await signedIn(t, 'admin', t.other.id);
    expect((await stranger.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: false })).status).toBe(404);
    expect((await stranger.call('POST', `/webhooks/events/${delivery.eventId}/redeliver`)).status).toBe(404);

    expect(await json(await admin.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled: false }))).toMatchObject({ enabled: false });
    expect((await admin.call('DELETE', `/webhooks/endpoints/${endpoint.id}`)).status).toBe(204);
    expect(await t.deps.store.webhooks.listEndpoints(t.merchant.id)).toEqual([]);
    expect(await auditActions(t)).toEqual(
      expect.arrayContaining([
        `staff:${admin.email} staff.webhook_endpoint.add success`,
        `staff:${admin.email} webhook_endpoint.create success`,
        `staff:${admin.email} staff.event.redeliver success`,
        `staff:${admin.email} staff.webhook_endpoint.update success`,
        `staff:${admin.email} staff.webhook_endpoint.remove success`,
      ]),
    );
  });
});
