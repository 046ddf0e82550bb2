import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CimError, NotFoundError } from '../errors.ts';
import { merchantRecord, type StoreFixture } from './contract.ts';
import { TRANSACTION_STATES } from '@cim/shared';
import { AUTHORIZATION_LIFETIME_MS, transactionState } from '../domain/transaction-views.ts';
import type { IdempotencyRecord, MerchantRecord, Store, TransactionFilter, TransactionRecord } from './types.ts';

const AT = '2026-06-15T12:00:00.000Z';
let seq = 0;
const numericId = () => String(2_000_000_000 + seq++);

export function transactionRecord(merchantId: string, over: Partial<TransactionRecord> = {}): TransactionRecord {
  return {
    id: numericId(), merchantId, type: 'authCapture', parentId: null, status: 'pending', currency: 'USD', amountMinor: 1234,
    capturedMinor: 0, refundedMinor: 0, refundReservedMinor: 0, pendingAction: null, pendingAmountMinor: null, pendingReference: null,
    capturedAt: null, voidedAt: null, customerId: '1000000001', paymentProfileId: '1000000002', shippingAddressId: null, source: 'profile',
    paymentType: 'card', brand: 'visa', last4: '1111', duplicateKey: 'pp:1000000002', responseCode: null, reasonCode: null, reasonText: null,
    declineCode: null, authCode: null, avsResult: null, cvcResult: null, processor: 'sandbox', processorTransactionId: null, orderId: null,
    description: null, billTo: { zip: '10001' }, shipTo: null, customerInfo: null, cardNumberCt: null, cardExpiryCt: null, cardRetainedUntil: null,
    keyVersion: null, idempotencyKey: null, batchId: null, settledAt: null, anetKind: null, createdAt: AT, updatedAt: AT,
    ...over,
  };
}

export const idempotencyRecord = (merchantId: string, key: string, over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  merchantId, key, requestHash: 'a'.repeat(64), state: 'running', lockedUntil: AT, responseStatus: null, responseBody: null,
  createdAt: AT, expiresAt: '2026-06-16T12:00:00.000Z', ...over,
});

/** A fresh store with two merchants for each test, cleaned up after it. */
export function withTwoMerchants(makeStore: () => Promise<StoreFixture>): { store: Store; m1: MerchantRecord; m2: MerchantRecord } {
  const current = {} as { fx: StoreFixture; store: Store; m1: MerchantRecord; m2: MerchantRecord };
  beforeEach(async () => {
    current.fx = await makeStore();
    current.store = current.fx.store;
    current.m1 = merchantRecord();
    current.m2 = merchantRecord();
    await current.store.merchants.insert(current.m1);
    await current.store.merchants.insert(current.m2);
  });
  afterEach(async () => {
    await current.fx.cleanup();
  });
  return current;
}

/** What every backend's TransactionStore and IdempotencyStore promise (beside runStoreContract). */
export function runTransactionStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`transaction store contract: ${name}`, () => {
    const fx = withTwoMerchants(makeStore);
    let store: Store;
    let m1: MerchantRecord;
    let m2: MerchantRecord;
    beforeEach(() => {
      ({ store, m1, m2 } = fx);
    });

    it('reads a transaction back exactly, and only for its merchant', async () => {
      const t = transactionRecord(m1.id, { billTo: { firstName: 'Ada', zip: '10001' }, customerInfo: { email: 'a@b.co' }, cardNumberCt: new Uint8Array([1, 2, 3]) });
      await store.transactions.insert(t);
      expect(await store.transactions.get(m1.id, t.id)).toEqual(t);
      expect(await store.transactions.get(m2.id, t.id)).toBeNull();
      await expect(store.transactions.update(m2.id, t.id, { status: 'approved' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('keeps idempotency keys unique per merchant', async () => {
      await store.transactions.insert(transactionRecord(m1.id, { idempotencyKey: 'k' }));
      await expect(store.transactions.insert(transactionRecord(m1.id, { idempotencyKey: 'k' }))).rejects.toBeInstanceOf(CimError);
      await store.transactions.insert(transactionRecord(m2.id, { idempotencyKey: 'k' }));
      expect((await store.transactions.getByIdempotencyKey(m2.id, 'k'))?.merchantId).toBe(m2.id);
      expect(await store.transactions.getByIdempotencyKey(m1.id, 'other')).toBeNull();
    });

    it('finds duplicates by key, type, amount and currency since a time, ignoring errors', async () => {
      const first = transactionRecord(m1.id, { createdAt: '2026-06-15T12:00:00.000Z', status: 'declined' });
      await store.transactions.insert(first);
      await store.transactions.insert(transactionRecord(m1.id, { createdAt: '2026-06-15T12:00:30.000Z', status: 'error' }));
      const match = { duplicateKey: 'pp:1000000002', type: 'authCapture' as const, amountMinor: 1234, currency: 'USD', since: '2026-06-15T11:59:00.000Z' };
      expect((await store.transactions.findDuplicate(m1.id, match))?.id).toBe(first.id);
      expect(await store.transactions.findDuplicate(m1.id, { ...match, since: '2026-06-15T12:00:01.000Z' })).toBeNull();
      expect(await store.transactions.findDuplicate(m1.id, { ...match, amountMinor: 1235 })).toBeNull();
      expect(await store.transactions.findDuplicate(m1.id, { ...match, type: 'authOnly' })).toBeNull();
      expect(await store.transactions.findDuplicate(m1.id, { ...match, currency: 'EUR' })).toBeNull();
      expect(await store.transactions.findDuplicate(m2.id, match)).toBeNull();
    });

    it('settles a transaction only while it is pending', async () => {
      const t = transactionRecord(m1.id);
      await store.transactions.insert(t);
      expect(await store.transactions.settle(m1.id, t.id, { status: 'approved', responseCode: 1 })).toMatchObject({ status: 'approved', responseCode: 1 });
      expect(await store.transactions.settle(m1.id, t.id, { status: 'declined' })).toBeNull();
      expect((await store.transactions.get(m1.id, t.id))?.status).toBe('approved');
      expect(await store.transactions.settle(m2.id, t.id, { status: 'declined' })).toBeNull();
    });

    it('lists a customer\'s transactions newest first in pages', async () => {
      for (let i = 0; i < 5; i++) await store.transactions.insert(transactionRecord(m1.id, { createdAt: `2026-06-15T12:00:0${i}.000Z`, amountMinor: i }));
      await store.transactions.insert(transactionRecord(m2.id));
      const first = await store.transactions.listForCustomer(m1.id, '1000000001', { limit: 3 });
      expect(first.rows.map((r) => r.amountMinor)).toEqual([4, 3, 2]);
      const second = await store.transactions.listForCustomer(m1.id, '1000000001', { limit: 3, cursor: first.nextCursor ?? undefined });
      expect(second.rows.map((r) => r.amountMinor)).toEqual([1, 0]);
      expect(second.nextCursor).toBeNull();
    });

    it('lists a merchant\'s transactions by derived state: each SQL condition matches exactly what transactionState() says', async () => {
      const now = new Date('2026-08-01T00:00:00.000Z');
      const cutoff = new Date(now.getTime() - AUTHORIZATION_LIFETIME_MS).toISOString();
      const approved = { status: 'approved' as const, capturedMinor: 1234, capturedAt: AT };
      const records = [
        transactionRecord(m1.id, { status: 'pending' }),
        transactionRecord(m1.id, { status: 'declined' }),
        transactionRecord(m1.id, { status: 'error' }),
        transactionRecord(m1.id, { ...approved, voidedAt: AT }),
        transactionRecord(m1.id, { status: 'heldForReview', voidedAt: AT }),
        transactionRecord(m1.id, { status: 'heldForReview' }),
        transactionRecord(m1.id, { type: 'refund', status: 'approved', capturedMinor: 0 }),
        transactionRecord(m1.id, { ...approved, refundedMinor: 1234 }),
        transactionRecord(m1.id, { ...approved, refundedMinor: 34 }),
        transactionRecord(m1.id, { ...approved, batchId: '3000000001', settledAt: AT }),
        transactionRecord(m1.id, { ...approved, refundedMinor: 1234, batchId: '3000000002', settledAt: AT }),
        transactionRecord(m1.id, { type: 'authOnly', status: 'approved', createdAt: cutoff }),
        transactionRecord(m1.id, { type: 'authOnly', status: 'approved', createdAt: '2026-07-15T00:00:00.000Z' }),
        transactionRecord(m1.id, { type: 'authOnly', status: 'approved', createdAt: new Date(Date.parse(cutoff) + 1).toISOString() }),
        transactionRecord(m1.id, { type: 'authCapture', status: 'approved', createdAt: '2026-01-01T00:00:00.000Z' }),
        transactionRecord(m1.id, { type: 'authOnly', ...approved, capturedMinor: 1000, createdAt: '2026-01-01T00:00:00.000Z' }),
      ];
      for (const r of records) await store.transactions.insert(r);
      await store.transactions.insert(transactionRecord(m2.id, { status: 'pending' }));
      const seen = new Set<string>();
      for (const state of TRANSACTION_STATES) {
        const expected = records.filter((r) => transactionState(r, now) === state).map((r) => r.id).sort();
        expect(expected.length, `a record in state ${state}`).toBeGreaterThan(0);
        const listed = await store.transactions.listForMerchant(m1.id, { state, authorizationCutoff: cutoff }, { limit: 100 });
        expect(listed.rows.map((r) => r.id).sort(), state).toEqual(expected);
        for (const r of listed.rows) seen.add(r.id);
      }
      expect(seen.size).toBe(records.length);
    });

    it('lists a merchant\'s transactions by customer, type and created range, newest first, a page at a time', async () => {
      const cutoff = '2026-01-01T00:00:00.000Z';
      const at = (i: number) => `2026-06-15T12:00:0${i}.000Z`;
      for (let i = 0; i < 6; i++) {
        await store.transactions.insert(transactionRecord(m1.id, { createdAt: at(i), amountMinor: i, type: i % 2 ? 'authOnly' : 'authCapture', customerId: i < 4 ? '1000000001' : '1000000009' }));
      }
      await store.transactions.insert(transactionRecord(m2.id, { createdAt: at(9) }));
      const amounts = async (filter: Partial<TransactionFilter>, limit = 100, cursor?: string) => {
        const page = await store.transactions.listForMerchant(m1.id, { authorizationCutoff: cutoff, ...filter }, { limit, cursor });
        return { amounts: page.rows.map((r) => r.amountMinor), next: page.nextCursor };
      };
      expect((await amounts({})).amounts).toEqual([5, 4, 3, 2, 1, 0]);
      expect((await amounts({ customerId: '1000000009' })).amounts).toEqual([5, 4]);
      expect((await amounts({ customerId: '1000000404' })).amounts).toEqual([]);
      expect((await amounts({ type: 'authOnly' })).amounts).toEqual([5, 3, 1]);
      expect((await amounts({ createdFrom: at(1), createdTo: at(4) })).amounts).toEqual([3, 2, 1]);
      const first = await amounts({ customerId: '1000000001' }, 3);
      expect(first.amounts).toEqual([3, 2, 1]);
      const second = await amounts({ customerId: '1000000001' }, 3, first.next ?? undefined);
      expect(second).toEqual({ amounts: [0], next: null });
      expect((await store.transactions.listForMerchant(m2.id, { authorizationCutoff: cutoff }, { limit: 10 })).rows).toHaveLength(1);
    });

    it('wipes kept card ciphertext once its time is up', async () => {
      const kept = { cardNumberCt: new Uint8Array([9]), cardExpiryCt: new Uint8Array([8]) };
      const due = transactionRecord(m1.id, { ...kept, cardRetainedUntil: '2026-06-16T12:00:00.000Z' });
      const later = transactionRecord(m2.id, { ...kept, cardRetainedUntil: '2026-06-16T13:00:00.000Z' });
      await store.transactions.insert(due);
      await store.transactions.insert(later);
      expect(await store.transactions.wipeExpiredCards('2026-06-16T12:00:00.000Z')).toBe(1);
      expect(await store.transactions.get(m1.id, due.id)).toMatchObject({ cardNumberCt: null, cardExpiryCt: null, cardRetainedUntil: null });
      expect((await store.transactions.get(m2.id, later.id))?.cardNumberCt).not.toBeNull();
    });

    it('stores idempotency keys per merchant, refuses a second insert, updates and expires them', async () => {
      await store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'k'));
      await expect(store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'k'))).rejects.toMatchObject({ code: 'idempotency_in_progress' });
      await store.idempotencyKeys.insert(idempotencyRecord(m2.id, 'k', { expiresAt: '2026-06-17T12:00:00.000Z' }));
      await store.idempotencyKeys.update(m1.id, 'k', { state: 'done', responseStatus: 201, responseBody: '{"ok":true}', lockedUntil: null });
      expect(await store.idempotencyKeys.get(m1.id, 'k')).toMatchObject({ state: 'done', responseStatus: 201, responseBody: '{"ok":true}', lockedUntil: null });
      expect((await store.idempotencyKeys.get(m2.id, 'k'))?.state).toBe('running');
      expect(await store.idempotencyKeys.deleteExpired('2026-06-16T12:00:00.000Z')).toBe(1);
      expect(await store.idempotencyKeys.get(m1.id, 'k')).toBeNull();
      await store.idempotencyKeys.delete(m2.id, 'k');
      expect(await store.idempotencyKeys.get(m2.id, 'k')).toBeNull();
    });
  });
}
