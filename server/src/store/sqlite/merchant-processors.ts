import type { MerchantProcessorRecord, MerchantProcessorStore } from '../types.ts';
import { toBytes, type Executor } from './executor.ts';

interface Row {
  merchant_id: string;
  processor: MerchantProcessorRecord['processor'];
  endpoint: string | null;
  api_login_id_ct: Uint8Array | null;
  transaction_key_ct: Uint8Array | null;
  updated_at: string;
}

const fromRow = (r: Row): MerchantProcessorRecord => ({
  merchantId: r.merchant_id,
  processor: r.processor,
  endpoint: r.endpoint,
  apiLoginIdCt: r.api_login_id_ct && toBytes(r.api_login_id_ct),
  transactionKeyCt: r.transaction_key_ct && toBytes(r.transaction_key_ct),
  updatedAt: r.updated_at,
});

export function sqliteMerchantProcessors(x: Executor): MerchantProcessorStore {
  const { db } = x;
  return {
    get: async (merchantId) => {
      const r = db.get<Row>('SELECT * FROM merchant_processors WHERE merchant_id = ?', merchantId);
      return r ? fromRow(r) : null;
    },
    put: (p) =>
      x.write(() => {
        db.run(
          `INSERT INTO merchant_processors (merchant_id, processor, endpoint, api_login_id_ct, transaction_key_ct, updated_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (merchant_id) DO UPDATE SET processor = excluded.processor, endpoint = excluded.endpoint,
               api_login_id_ct = excluded.api_login_id_ct, transaction_key_ct = excluded.transaction_key_ct, updated_at = excluded.updated_at`,
          p.merchantId, p.processor, p.endpoint, p.apiLoginIdCt, p.transactionKeyCt, p.updatedAt,
        );
      }),
  };
}
