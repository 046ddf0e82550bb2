import type { MerchantProcessorRecord, MerchantProcessorStore } from '../types.ts';
import type { Executor } from './database.ts';
import { bytesOrNull, iso } from './values.ts';

interface Row {
  merchant_id: string;
  processor: MerchantProcessorRecord['processor'];
  endpoint: string | null;
  api_login_id_ct: Uint8Array | null;
  transaction_key_ct: Uint8Array | null;
  updated_at: Date;
}

const fromRow = (r: Row): MerchantProcessorRecord => ({
  merchantId: r.merchant_id,
  processor: r.processor,
  endpoint: r.endpoint,
  apiLoginIdCt: bytesOrNull(r.api_login_id_ct),
  transactionKeyCt: bytesOrNull(r.transaction_key_ct),
  updatedAt: iso(r.updated_at),
});

export function postgresMerchantProcessors(x: Executor): MerchantProcessorStore {
  return {
    get: async (merchantId) => {
      const [r] = await x.query<Row>('SELECT * FROM merchant_processors WHERE merchant_id = $1', [merchantId]);
      return r ? fromRow(r) : null;
    },
    put: async (p) => {
      await x.query(
        `INSERT INTO merchant_processors (merchant_id, processor, endpoint, api_login_id_ct, transaction_key_ct, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (merchant_id) DO UPDATE SET processor = excluded.processor, endpoint = excluded.endpoint,
             api_login_id_ct = excluded.api_login_id_ct, transaction_key_ct = excluded.transaction_key_ct, updated_at = excluded.updated_at`,
        [p.merchantId, p.processor, p.endpoint, p.apiLoginIdCt, p.transactionKeyCt, p.updatedAt],
      );
    },
  };
}
