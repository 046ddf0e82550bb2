import type { MerchantSettingsStore, SettlementBatchRecord, SettlementStore } from '../types.ts';
import type { Executor } from './executor.ts';

interface BatchRow {
  id: number;
  merchant_id: string;
  payment_type: SettlementBatchRecord['paymentType'];
  cutoff_at: string;
  settled_at: string;
}

const fromRow = (r: BatchRow): SettlementBatchRecord => ({ id: String(r.id), merchantId: r.merchant_id, paymentType: r.payment_type, cutoffAt: r.cutoff_at, settledAt: r.settled_at });

export function sqliteSettlement(x: Executor): SettlementStore {
  const { db } = x;
  return {
    insertBatchIfAbsent: (b) =>
      x.write(
        () =>
          db.run(
            'INSERT INTO settlement_batches (id, merchant_id, payment_type, cutoff_at, settled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (merchant_id, cutoff_at, payment_type) DO NOTHING',
            Number(b.id), b.merchantId, b.paymentType, b.cutoffAt, b.settledAt,
          ).changes === 1,
      ),
    findBatch: async (merchantId, cutoffAt, paymentType) => {
      const row = db.get<BatchRow>('SELECT * FROM settlement_batches WHERE merchant_id = ? AND cutoff_at = ? AND payment_type = ?', merchantId, cutoffAt, paymentType);
      return row ? fromRow(row) : null;
    },
    getBatch: async (merchantId, id) => {
      const row = db.get<BatchRow>('SELECT * FROM settlement_batches WHERE merchant_id = ? AND id = ?', merchantId, Number(id));
      return row ? fromRow(row) : null;
    },
    listBatches: async (merchantId, range) =>
      db.all<BatchRow>('SELECT * FROM settlement_batches WHERE merchant_id = ? AND settled_at >= ? AND settled_at < ? ORDER BY settled_at, id', merchantId, range.from, range.to).map(fromRow),
  };
}

interface SettingsRow {
  merchant_id: string;
  settlement_cutoff_minutes: number;
  unlinked_credits: number;
  updated_at: string;
}

export function sqliteMerchantSettings(x: Executor): MerchantSettingsStore {
  const { db } = x;
  return {
    get: async (merchantId) => {
      const r = db.get<SettingsRow>('SELECT * FROM merchant_settings WHERE merchant_id = ?', merchantId);
      return r ? { merchantId: r.merchant_id, settlementCutoffMinutes: r.settlement_cutoff_minutes, unlinkedCredits: r.unlinked_credits === 1, updatedAt: r.updated_at } : null;
    },
    put: (s) =>
      x.write(() => {
        db.run(
          `INSERT INTO merchant_settings (merchant_id, settlement_cutoff_minutes, unlinked_credits, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (merchant_id) DO UPDATE SET settlement_cutoff_minutes = excluded.settlement_cutoff_minutes, unlinked_credits = excluded.unlinked_credits, updated_at = excluded.updated_at`,
          s.merchantId, s.settlementCutoffMinutes, s.unlinkedCredits ? 1 : 0, s.updatedAt,
        );
      }),
  };
}
