import { describe, expect, it } from 'vitest';
import type { StoreFixture } from './contract.ts';
import { withTwoMerchants } from './transactions.contract.ts';
import type { SubscriptionRecord } from './types.ts';

const AT = '2026-06-15T12:00:00.000Z';
let seq = 0;

const subscriptionRecord = (merchantId: string, over: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  id: String(4_000_000_000 + seq++), merchantId, name: 'Plan', status: 'active', intervalLength: 1, intervalUnit: 'months', startDate: '2026-06-15',
  totalOccurrences: 3, trialOccurrences: 0, amountMinor: 999, trialAmountMinor: 0, currency: 'USD', customerId: '1000000001', paymentProfileId: '1000000002',
  shippingAddressId: null, orderId: null, description: null, nextOccurrence: 1, nextDueDate: '2026-06-15', createdAt: AT, updatedAt: AT, ...over,
});

/** What every backend's SubscriptionStore promises; the claim is what keeps a charge to one per occurrence. */
export function runSubscriptionStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`subscription store contract: ${name}`, () => {
    const fx = withTwoMerchants(makeStore);

    it('reads subscriptions back per merchant, lists the due ones and moves the schedule only from the expected occurrence', async () => {
      const due = subscriptionRecord(fx.m1.id);
      const later = subscriptionRecord(fx.m1.id, { nextDueDate: '2026-07-01' });
      const canceled = subscriptionRecord(fx.m2.id, { status: 'canceled' });
      for (const s of [due, later, canceled]) await fx.store.subscriptions.insert(s);
      expect(await fx.store.subscriptions.get(fx.m1.id, due.id)).toEqual(due);
      expect(await fx.store.subscriptions.get(fx.m2.id, due.id)).toBeNull();
      expect((await fx.store.subscriptions.listDue('2026-06-15', 10)).map((s) => s.id)).toEqual([due.id]);
      const patch = { nextOccurrence: 2, nextDueDate: '2026-07-15', status: 'active' as const, updatedAt: AT };
      expect(await fx.store.subscriptions.advance(fx.m1.id, due.id, 1, patch)).toMatchObject({ nextOccurrence: 2 });
      expect(await fx.store.subscriptions.advance(fx.m1.id, due.id, 1, patch)).toBeNull();
      expect(await fx.store.subscriptions.advance(fx.m2.id, later.id, 1, patch)).toBeNull();
      expect((await fx.store.subscriptions.listForMerchant(fx.m1.id)).map((s) => s.id).sort()).toEqual([due.id, later.id].sort());
      expect(await fx.store.subscriptions.update(fx.m1.id, later.id, { status: 'canceled' })).toMatchObject({ status: 'canceled' });
    });

    it('lets exactly one caller claim an occurrence, and lists claims left without an answer', async () => {
      const s = subscriptionRecord(fx.m1.id);
      await fx.store.subscriptions.insert(s);
      const claim = { subscriptionId: s.id, occurrence: 1, merchantId: fx.m1.id, dueDate: '2026-06-15', amountMinor: 999, claimedAt: AT, transactionId: null };
      const results = await Promise.all([fx.store.subscriptions.claimOccurrence(claim), fx.store.subscriptions.claimOccurrence(claim), fx.store.subscriptions.claimOccurrence(claim)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await fx.store.subscriptions.listUnfinishedOccurrences('2026-06-15T12:00:00.001Z', 10)).map((o) => o.occurrence)).toEqual([1]);
      expect(await fx.store.subscriptions.listUnfinishedOccurrences(AT, 10)).toEqual([]);
      await fx.store.subscriptions.finishOccurrence(fx.m1.id, s.id, 1, '5000000001');
      expect(await fx.store.subscriptions.listOccurrences(fx.m1.id, s.id)).toEqual([{ ...claim, transactionId: '5000000001' }]);
      expect(await fx.store.subscriptions.listOccurrences(fx.m2.id, s.id)).toEqual([]);
      expect(await fx.store.subscriptions.listUnfinishedOccurrences('2026-06-16T00:00:00.000Z', 10)).toEqual([]);
    });
  });
}
