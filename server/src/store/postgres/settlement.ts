import type { MerchantSettingsStore, SettlementBatchRecord, SettlementStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { iso } from './values.ts';

interface BatchRow {
  id: string;
  merchant_id: string;
  payment_type: SettlementBatchRecord['paymentType'];
  cutoff_at: Date;
  settled_at: Date;
}

const fromRow = (r: BatchRow): SettlementBatchRecord => ({ id: String(r.id), merchantId: r.merchant_id, paymentType: r.payment_type, cutoffAt: iso(r.cutoff_at), settledAt: iso(r.settled_at) });

export function postgresSettlement(x: Executor): SettlementStore {
  const one = async (sql: string, params: unknown[]) => {
    const [row] = await x.query<BatchRow>(sql, params);
    return row ? fromRow(row) : null;
  };
  return {
    // Several instances settling at once: the unique (merchant, cut-off, type) lets one insert win, the others do nothing.
    insertBatchIfAbsent: async (b) =>
      (await affected(
        x,
        'INSERT INTO settlement_batches (merchant_id, id, payment_type, cutoff_at, settled_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id, cutoff_at, payment_type) DO NOTHING',
        [b.merchantId, b.id, b.paymentType, b.cutoffAt, b.settledAt],
      )) === 1,
    findBatch: (merchantId, cutoffAt, paymentType) =>
      one('SELECT * FROM settlement_batches WHERE merchant_id = $1 AND cutoff_at = $2 AND payment_type = $3', [merchantId, cutoffAt, paymentType]),
    getBatch: (merchantId, id) => one('SELECT * FROM settlement_batches WHERE merchant_id = $1 AND id = $2', [merchantId, id]),
    listBatches: async (merchantId, range) =>
      (await x.query<BatchRow>('SELECT * FROM settlement_batches WHERE merchant_id = $1 AND settled_at >= $2 AND settled_at < $3 ORDER BY settled_at, id', [merchantId, range.from, range.to])).map(fromRow),
  };
}

interface SettingsRow {
  merchant_id: string;
  settlement_cutoff_minutes: number;
  unlinked_credits: boolean;
  updated_at: Date;
}

export function postgresMerchantSettings(x: Executor): MerchantSettingsStore {
  return {
    get: async (merchantId) => {
      const [r] = await x.query<SettingsRow>('SELECT * FROM merchant_settings WHERE merchant_id = $1', [merchantId]);
      return r ? { merchantId: r.merchant_id, settlementCutoffMinutes: r.settlement_cutoff_minutes, unlinkedCredits: r.unlinked_credits, updatedAt: iso(r.updated_at) } : null;
    },
    put: async (s) => {
      await x.query(
        `INSERT INTO merchant_settings (merchant_id, settlement_cutoff_minutes, unlinked_credits, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (merchant_id) DO UPDATE SET settlement_cutoff_minutes = excluded.settlement_cutoff_minutes, unlinked_credits = excluded.unlinked_credits, updated_at = excluded.updated_at`,
        [s.merchantId, s.settlementCutoffMinutes, s.unlinkedCredits, s.updatedAt],
      );
    },
  };
}
