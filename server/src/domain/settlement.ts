import { newNumericId } from '../ids.ts';
import type { MerchantSettingsRecord, SettlementBatchRecord, Stores, TransactionRecord } from '../store/types.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Authorize.Net's defaults, for a merchant that never changed them: cut-off at 00:00 UTC, no unlinked credits. */
export function settingsOrDefault(merchantId: string, stored: MerchantSettingsRecord | null): MerchantSettingsRecord {
  return stored ?? { merchantId, settlementCutoffMinutes: 0, unlinkedCredits: false, updatedAt: new Date(0).toISOString() };
}

export async function merchantSettings(store: Pick<Stores, 'merchantSettings'>, merchantId: string): Promise<MerchantSettingsRecord> {
  return settingsOrDefault(merchantId, await store.merchantSettings.get(merchantId));
}

/** The most recent daily cut-off at or before `now`. */
export function lastCutoff(now: Date, cutoffMinutes: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + cutoffMinutes * MINUTE_MS;
  return new Date(today <= now.getTime() ? today : today - DAY_MS);
}

/** The cut-off a transaction captured at `capturedAt` settles at: the first one after it. */
export const settlementCutoff = (capturedAt: string, cutoffMinutes: number): Date => new Date(lastCutoff(new Date(capturedAt), cutoffMinutes).getTime() + DAY_MS);

/** The batch for a cut-off and payment type, made by whichever caller comes first (several instances may race here). */
async function batchFor(store: Stores, merchantId: string, cutoffAt: string, paymentType: TransactionRecord['paymentType']): Promise<SettlementBatchRecord> {
  await store.settlement.insertBatchIfAbsent({ id: newNumericId(), merchantId, paymentType, cutoffAt, settledAt: cutoffAt });
  return (await store.settlement.findBatch(merchantId, cutoffAt, paymentType))!;
}

/** Puts transactions in their batches, grouped by cut-off and payment type. Returns how many were settled by this call. */
async function settleInto(store: Stores, merchantId: string, rows: TransactionRecord[], cutoffOf: (t: TransactionRecord) => string): Promise<number> {
  const groups = new Map<string, { cutoffAt: string; paymentType: TransactionRecord['paymentType']; ids: string[] }>();
  for (const t of rows) {
    const cutoffAt = cutoffOf(t);
    const key = `${cutoffAt}|${t.paymentType}`;
    const group = groups.get(key) ?? { cutoffAt, paymentType: t.paymentType, ids: [] };
    group.ids.push(t.id);
    groups.set(key, group);
  }
  let settled = 0;
  for (const g of groups.values()) {
    const batch = await batchFor(store, merchantId, g.cutoffAt, g.paymentType);
    // Conditional on each row still being unbatched: a concurrent settler's rows are left alone.
    settled += await store.transactions.assignBatch(merchantId, g.ids, batch.id, batch.settledAt);
  }
  return settled;
}

/**
 * Settles what is due for one merchant: every capture and refund from before
 * its last cut-off, into the batch of the cut-off that followed it. Safe to run
 * from several instances at once and again after a restart.
 */
export async function settleDue(store: Stores, merchantId: string, now: Date): Promise<number> {
  const { settlementCutoffMinutes: cutoff } = await merchantSettings(store, merchantId);
  const rows = await store.transactions.listSettleable(merchantId, lastCutoff(now, cutoff).toISOString());
  return settleInto(store, merchantId, rows, (t) => settlementCutoff(t.capturedAt!, cutoff).toISOString());
}

/** Settles everything settleable now, in one batch per payment type closing at `now` (`cim dev settle`, tests). */
export async function settleNow(store: Stores, merchantId: string, now: Date): Promise<number> {
  const rows = await store.transactions.listSettleable(merchantId, new Date(now.getTime() + 1).toISOString());
  return settleInto(store, merchantId, rows, () => now.toISOString());
}

/** The scheduler's round: every merchant with something captured before now. */
export async function settleAllDue(store: Stores, now: Date): Promise<number> {
  let settled = 0;
  for (const merchantId of await store.transactions.listMerchantsWithSettleable(now.toISOString())) settled += await settleDue(store, merchantId, now);
  return settled;
}
