import { describe, expect, it } from 'vitest';
import type { StoreFixture } from './contract.ts';
import { withTwoMerchants } from './transactions.contract.ts';
import type { WebhookEndpointRecord, WebhookEventRecord } from './types.ts';

const AT = '2026-06-15T12:00:00.000Z';
const LATER = '2026-06-15T12:00:05.000Z';
let seq = 0;

const endpoint = (merchantId: string, over: Partial<WebhookEndpointRecord> = {}): WebhookEndpointRecord => ({
  id: String(6_000_000_000 + seq++), merchantId, url: 'https://hooks.example/in', description: null, events: [], enabled: true, disabledReason: null,
  secretCt: new Uint8Array([1, 2, 3]), keyVersion: 1, createdAt: AT, updatedAt: AT, ...over,
});
const event = (merchantId: string, type = 'customer.created', createdAt = AT): WebhookEventRecord => ({
  id: String(1_781_000_000_000_000 + seq++), merchantId, type, payload: '{"id":"1"}', createdAt,
});

/** What every backend's WebhookStore promises: fan-out by subscription, merchant scoping, one claim per attempt. */
export function runWebhookStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`webhook store contract: ${name}`, () => {
    const fx = withTwoMerchants(makeStore);

    it('keeps endpoints per merchant, and an event fans out to the enabled endpoints that take its type, in the same transaction', async () => {
      const all = endpoint(fx.m1.id);
      const payments = endpoint(fx.m1.id, { events: ['transaction.approved', 'transaction.declined'] });
      const off = endpoint(fx.m1.id, { enabled: false, disabledReason: 'by the merchant' });
      const others = endpoint(fx.m2.id);
      for (const e of [all, payments, off, others]) await fx.store.webhooks.insertEndpoint(e);
      expect(await fx.store.webhooks.getEndpoint(fx.m1.id, payments.id)).toEqual(payments);
      expect(await fx.store.webhooks.getEndpoint(fx.m2.id, payments.id)).toBeNull();
      expect((await fx.store.webhooks.listEndpoints(fx.m1.id)).map((e) => e.id).sort()).toEqual([all.id, payments.id, off.id].sort());

      const created = event(fx.m1.id);
      const approved = event(fx.m1.id, 'transaction.approved');
      await fx.store.transaction(async (tx) => {
        await tx.webhooks.appendEvent(created);
        await tx.webhooks.appendEvent(approved);
      });
      expect((await fx.store.webhooks.listDeliveriesForEvent(fx.m1.id, created.id)).map((d) => d.endpointId)).toEqual([all.id]);
      expect((await fx.store.webhooks.listDeliveriesForEvent(fx.m1.id, approved.id)).map((d) => d.endpointId).sort()).toEqual([all.id, payments.id].sort());
      expect(await fx.store.webhooks.listDeliveriesForEvent(fx.m2.id, approved.id)).toEqual([]);
      expect(await fx.store.webhooks.getEvent(fx.m2.id, created.id)).toBeNull();
      expect(await fx.store.webhooks.getEvent(fx.m1.id, created.id)).toEqual(created);
      // An id already taken writes nothing and says so (the caller picks another).
      expect(await fx.store.webhooks.appendEvent({ ...created, type: 'transaction.approved', payload: '{}' })).toBe(false);
      expect(await fx.store.webhooks.getEvent(fx.m1.id, created.id)).toEqual(created);
      expect(await fx.store.webhooks.listDeliveriesForEvent(fx.m1.id, created.id)).toHaveLength(1);

      // A rolled-back change leaves no event and no delivery behind.
      const lost = event(fx.m1.id);
      await expect(fx.store.transaction(async (tx) => {
        await tx.webhooks.appendEvent(lost);
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
      expect(await fx.store.webhooks.getEvent(fx.m1.id, lost.id)).toBeNull();

      expect(await fx.store.webhooks.enqueueDeliveries(fx.m1.id, approved.id, LATER, payments.id)).toBe(1);
      expect(await fx.store.webhooks.enqueueDeliveries(fx.m2.id, approved.id, LATER)).toBe(0);
      expect(await fx.store.webhooks.enqueueDeliveries(fx.m1.id, approved.id, LATER)).toBe(2);
      expect(await fx.store.webhooks.listDeliveries(fx.m1.id, { endpointId: payments.id }, 10)).toHaveLength(3);

      expect(await fx.store.webhooks.updateEndpoint(fx.m1.id, off.id, { enabled: true, disabledReason: null, events: ['customer.created'] })).toMatchObject({ enabled: true, events: ['customer.created'] });
      await expect(fx.store.webhooks.updateEndpoint(fx.m2.id, off.id, { enabled: false })).rejects.toMatchObject({ code: 'not_found' });
      await expect(fx.store.webhooks.deleteEndpoint(fx.m2.id, all.id)).rejects.toMatchObject({ code: 'not_found' });
      await fx.store.webhooks.deleteEndpoint(fx.m1.id, all.id);
      expect((await fx.store.webhooks.listDeliveriesForEvent(fx.m1.id, created.id))).toEqual([]);
    });

    it('pages events newest first, by type', async () => {
      const times = ['2026-06-15T12:00:01.000Z', '2026-06-15T12:00:02.000Z', '2026-06-15T12:00:03.000Z'];
      const events = times.map((t) => event(fx.m1.id, 'customer.updated', t));
      for (const e of events) await fx.store.webhooks.appendEvent(e);
      await fx.store.webhooks.appendEvent(event(fx.m2.id, 'customer.updated'));
      const first = await fx.store.webhooks.listEvents(fx.m1.id, { limit: 2 }, { type: 'customer.updated' });
      expect(first.rows.map((e) => e.createdAt)).toEqual([times[2], times[1]]);
      const second = await fx.store.webhooks.listEvents(fx.m1.id, { limit: 2, cursor: first.nextCursor! }, { type: 'customer.updated' });
      expect(second).toEqual({ rows: [events[0]], nextCursor: null });
      expect((await fx.store.webhooks.listEvents(fx.m1.id, { limit: 10 }, { type: 'token.redeemed' })).rows).toEqual([]);
    });

    it('leases each due delivery to one worker, and only the lease holder records the attempt', async () => {
      const target = endpoint(fx.m1.id);
      const off = endpoint(fx.m2.id, { enabled: false });
      await fx.store.webhooks.insertEndpoint(target);
      await fx.store.webhooks.insertEndpoint(off);
      const e = event(fx.m1.id);
      await fx.store.webhooks.appendEvent(e);
      await fx.store.webhooks.appendEvent(event(fx.m2.id));
      expect(await fx.store.webhooks.claimDue('2026-06-15T11:59:59.000Z', LATER, 'early', 10)).toEqual([]);
      const claims = await Promise.all(['a', 'b', 'c'].map((token) => fx.store.webhooks.claimDue(AT, LATER, token, 10)));
      const won = claims.flat();
      expect(won).toHaveLength(1);
      const [delivery] = won;
      expect(delivery).toMatchObject({ eventId: e.id, endpointId: target.id, status: 'pending', attempts: 0, leaseUntil: LATER });
      // Held: nobody else gets it until the lease runs out.
      expect(await fx.store.webhooks.claimDue(AT, LATER, 'd', 10)).toEqual([]);
      const outcome = { status: 'pending' as const, nextAttemptAt: LATER, lastResponseStatus: 500, lastError: null, updatedAt: AT };
      expect(await fx.store.webhooks.finishAttempt(fx.m1.id, delivery!.id, 'not-mine', outcome)).toBeNull();
      expect(await fx.store.webhooks.finishAttempt(fx.m1.id, delivery!.id, delivery!.leaseToken!, outcome)).toMatchObject({ attempts: 1, leaseToken: null, nextAttemptAt: LATER, lastResponseStatus: 500 });
      await fx.store.webhooks.insertAttempt({ merchantId: fx.m1.id, deliveryId: delivery!.id, attempt: 1, at: AT, responseStatus: 500, durationMs: 12, responseBody: 'no', error: null });
      expect(await fx.store.webhooks.listAttempts(fx.m1.id, delivery!.id)).toEqual([{ merchantId: fx.m1.id, deliveryId: delivery!.id, attempt: 1, at: AT, responseStatus: 500, durationMs: 12, responseBody: 'no', error: null }]);
      expect(await fx.store.webhooks.listAttempts(fx.m2.id, delivery!.id)).toEqual([]);
      // A lease that ran out (a worker died mid-attempt) is claimed again.
      const again = await fx.store.webhooks.claimDue(LATER, '2026-06-15T12:01:00.000Z', 'e', 10);
      expect(again.map((d) => d.id)).toEqual([delivery!.id]);
      expect(await fx.store.webhooks.claimDue('2026-06-15T12:01:00.001Z', '2026-06-15T12:02:00.000Z', 'f', 10)).toHaveLength(1);
    });

    it('forgets events (with their deliveries) and expiry claims past retention, per merchant, oldest first', async () => {
      await fx.store.webhooks.insertEndpoint(endpoint(fx.m1.id));
      const old = [event(fx.m1.id, 'customer.created', '2026-05-01T00:00:00.000Z'), event(fx.m1.id, 'customer.created', '2026-05-02T00:00:00.000Z')];
      const recent = event(fx.m1.id, 'customer.created', AT);
      const others = event(fx.m2.id, 'customer.created', '2026-05-01T00:00:00.000Z');
      for (const e of [...old, recent, others]) await fx.store.webhooks.appendEvent(e);
      expect(await fx.store.webhooks.deleteEventsBefore(fx.m1.id, '2026-06-01T00:00:00.000Z', 1)).toBe(1);
      expect(await fx.store.webhooks.getEvent(fx.m1.id, old[0]!.id)).toBeNull();
      expect(await fx.store.webhooks.deleteEventsBefore(fx.m1.id, '2026-06-01T00:00:00.000Z', 10)).toBe(1);
      expect(await fx.store.webhooks.listDeliveriesForEvent(fx.m1.id, old[1]!.id)).toEqual([]);
      expect(await fx.store.webhooks.getEvent(fx.m1.id, recent.id)).toEqual(recent);
      expect(await fx.store.webhooks.listDeliveriesForEvent(fx.m1.id, recent.id)).toHaveLength(1);
      expect(await fx.store.webhooks.getEvent(fx.m2.id, others.id)).toEqual(others);
      await fx.store.webhooks.claimExpiryNotice(fx.m1.id, '1000000009', '2026-06', '2026-05-01T00:00:00.000Z');
      await fx.store.webhooks.claimExpiryNotice(fx.m1.id, '1000000009', '2026-07', AT);
      expect(await fx.store.webhooks.deleteExpiryNoticesBefore(fx.m1.id, '2026-06-01T00:00:00.000Z')).toBe(1);
      expect(await fx.store.webhooks.claimExpiryNotice(fx.m1.id, '1000000009', '2026-07', AT)).toBe(false);
    });

    it('claims an expiry notice once per card and month', async () => {
      const results = await Promise.all([1, 2, 3].map(() => fx.store.webhooks.claimExpiryNotice(fx.m1.id, '1000000009', '2026-07', AT)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await fx.store.webhooks.claimExpiryNotice(fx.m2.id, '1000000009', '2026-07', AT)).toBe(true);
      expect(await fx.store.webhooks.claimExpiryNotice(fx.m1.id, '1000000009', '2026-08', AT)).toBe(true);
    });
  });
}
