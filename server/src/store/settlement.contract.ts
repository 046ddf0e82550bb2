import { describe, expect, it } from 'vitest';
import type { StoreFixture } from './contract.ts';
import { transactionRecord, withTwoMerchants } from './transactions.contract.ts';

const CAPTURED = { status: 'approved', capturedMinor: 1234, capturedAt: '2026-06-15T12:00:00.000Z' } as const;

/** What every backend's SettlementStore, MerchantSettingsStore and the settlement primitives of TransactionStore promise. */
export function runSettlementStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`settlement store contract: ${name}`, () => {
    const fx = withTwoMerchants(makeStore);

    it('keeps one batch per merchant, cut-off and payment type, whoever inserts first', async () => {
      const batch = { id: '3000000001', merchantId: fx.m1.id, paymentType: 'card' as const, cutoffAt: '2026-06-16T00:00:00.000Z', settledAt: '2026-06-16T00:00:00.000Z' };
      expect(await fx.store.settlement.insertBatchIfAbsent(batch)).toBe(true);
      expect(await fx.store.settlement.insertBatchIfAbsent({ ...batch, id: '3000000002' })).toBe(false);
      expect(await fx.store.settlement.insertBatchIfAbsent({ ...batch, id: '3000000003', paymentType: 'bankAccount' })).toBe(true);
      expect(await fx.store.settlement.insertBatchIfAbsent({ ...batch, id: '3000000004', merchantId: fx.m2.id })).toBe(true);
      expect(await fx.store.settlement.findBatch(fx.m1.id, batch.cutoffAt, 'card')).toEqual(batch);
      expect(await fx.store.settlement.getBatch(fx.m1.id, '3000000001')).toEqual(batch);
      expect(await fx.store.settlement.getBatch(fx.m2.id, '3000000001')).toBeNull();
      expect((await fx.store.settlement.listBatches(fx.m1.id, { from: '2026-06-15T00:00:00.000Z', to: '2026-06-17T00:00:00.000Z' })).map((b) => b.id)).toEqual(['3000000001', '3000000003']);
      expect(await fx.store.settlement.listBatches(fx.m1.id, { from: '2026-06-16T00:00:00.001Z', to: '2026-06-17T00:00:00.000Z' })).toEqual([]);
    });

    it('lists settleable transactions and assigns each to a batch at most once', async () => {
      const due = transactionRecord(fx.m1.id, CAPTURED);
      const later = transactionRecord(fx.m1.id, { ...CAPTURED, capturedAt: '2026-06-16T01:00:00.000Z' });
      const voided = transactionRecord(fx.m1.id, { ...CAPTURED, voidedAt: '2026-06-15T12:01:00.000Z' });
      const uncaptured = transactionRecord(fx.m1.id, { status: 'approved', type: 'authOnly' });
      const busy = transactionRecord(fx.m1.id, { ...CAPTURED, pendingAction: 'void' });
      const other = transactionRecord(fx.m2.id, CAPTURED);
      for (const t of [due, later, voided, uncaptured, busy, other]) await fx.store.transactions.insert(t);
      const before = '2026-06-16T00:00:00.000Z';
      expect((await fx.store.transactions.listSettleable(fx.m1.id, before)).map((t) => t.id)).toEqual([due.id]);
      expect((await fx.store.transactions.listMerchantsWithSettleable(before)).sort()).toEqual([fx.m1.id, fx.m2.id].sort());
      expect(await fx.store.transactions.assignBatch(fx.m1.id, [due.id, voided.id, other.id], '3000000009', before)).toBe(1);
      expect(await fx.store.transactions.assignBatch(fx.m1.id, [due.id], '3000000010', before)).toBe(0);
      expect(await fx.store.transactions.get(fx.m1.id, due.id)).toMatchObject({ batchId: '3000000009', settledAt: before });
      expect((await fx.store.transactions.listForBatch(fx.m1.id, '3000000009')).map((t) => t.id)).toEqual([due.id]);
      expect(await fx.store.transactions.listForBatch(fx.m2.id, '3000000009')).toEqual([]);
      expect((await fx.store.transactions.listUnsettled(fx.m1.id, 10)).map((t) => t.id).sort()).toEqual([later.id, uncaptured.id, busy.id].sort());
    });

    it('stores merchant settings, replacing them on a second put', async () => {
      expect(await fx.store.merchantSettings.get(fx.m1.id)).toBeNull();
      await fx.store.merchantSettings.put({ merchantId: fx.m1.id, settlementCutoffMinutes: 900, unlinkedCredits: true, updatedAt: '2026-06-15T12:00:00.000Z' });
      await fx.store.merchantSettings.put({ merchantId: fx.m1.id, settlementCutoffMinutes: 60, unlinkedCredits: false, updatedAt: '2026-06-15T13:00:00.000Z' });
      expect(await fx.store.merchantSettings.get(fx.m1.id)).toEqual({ merchantId: fx.m1.id, settlementCutoffMinutes: 60, unlinkedCredits: false, updatedAt: '2026-06-15T13:00:00.000Z' });
      expect(await fx.store.merchantSettings.get(fx.m2.id)).toBeNull();
    });

    it("stores a merchant's processor, replacing it on a second put, ciphertext bytes intact", async () => {
      expect(await fx.store.merchantProcessors.get(fx.m1.id)).toBeNull();
      const gateway = {
        merchantId: fx.m1.id, processor: 'authorizenet' as const, endpoint: 'https://apitest.authorize.net/xml/v1/request.api',
        apiLoginIdCt: new Uint8Array([1, 0, 2, 255]), transactionKeyCt: new Uint8Array([9, 8, 7]), updatedAt: '2026-06-15T12:00:00.000Z',
      };
      await fx.store.merchantProcessors.put(gateway);
      expect(await fx.store.merchantProcessors.get(fx.m1.id)).toEqual(gateway);
      expect(await fx.store.merchantProcessors.get(fx.m2.id)).toBeNull();
      const sandbox = { merchantId: fx.m1.id, processor: 'sandbox' as const, endpoint: null, apiLoginIdCt: null, transactionKeyCt: null, updatedAt: '2026-06-15T13:00:00.000Z' };
      await fx.store.merchantProcessors.put(sandbox);
      expect(await fx.store.merchantProcessors.get(fx.m1.id)).toEqual(sandbox);
    });
  });
}
