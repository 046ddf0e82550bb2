import type { MerchantKeyStore, MerchantRecord, MerchantStore } from '../types.ts';
import type { Executor } from './database.ts';
import { bytes, iso } from './values.ts';

interface MerchantRow {
  id: string;
  name: string;
  secret_key_hash: string;
  api_login_id: string;
  transaction_key_hash: string;
  allowed_origins: string[];
  created_at: Date;
}

const fromRow = (r: MerchantRow): MerchantRecord => ({
  id: r.id,
  name: r.name,
  secretKeyHash: r.secret_key_hash,
  apiLoginId: r.api_login_id,
  transactionKeyHash: r.transaction_key_hash,
  allowedOrigins: r.allowed_origins,
  createdAt: iso(r.created_at),
});

/** A reference table: merchants are few and read on every request, so on Citus each node keeps a copy. */
export function postgresMerchants(x: Executor): MerchantStore {
  const one = async (sql: string, value: string) => {
    const [row] = await x.query<MerchantRow>(sql, [value]);
    return row ? fromRow(row) : null;
  };
  return {
    insert: async (m) => {
      await x.guarded(
        'INSERT INTO merchants (id, name, secret_key_hash, api_login_id, transaction_key_hash, allowed_origins, created_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)',
        [m.id, m.name, m.secretKeyHash, m.apiLoginId, m.transactionKeyHash, JSON.stringify(m.allowedOrigins), m.createdAt],
        'conflict',
        'A merchant with these credentials already exists.',
      );
    },
    getById: (id) => one('SELECT * FROM merchants WHERE id = $1', id),
    getBySecretKeyHash: (hash) => one('SELECT * FROM merchants WHERE secret_key_hash = $1', hash),
    getByApiLoginId: (login) => one('SELECT * FROM merchants WHERE api_login_id = $1', login),
    setAllowedOrigins: async (id, origins) => {
      await x.query('UPDATE merchants SET allowed_origins = $1::text::jsonb WHERE id = $2', [JSON.stringify(origins), id]);
    },
    list: async () => (await x.query<MerchantRow>('SELECT * FROM merchants ORDER BY created_at, id')).map(fromRow),
  };
}

interface KeyRow {
  merchant_id: string;
  purpose: 'data' | 'fingerprint';
  version: number;
  kek_version: number;
  wrapped: Uint8Array;
}

export function postgresMerchantKeys(x: Executor): MerchantKeyStore {
  return {
    insert: async (k) => {
      await x.guarded(
        'INSERT INTO merchant_keys (merchant_id, purpose, version, kek_version, wrapped) VALUES ($1, $2, $3, $4, $5)',
        [k.merchantId, k.purpose, k.version, k.kekVersion, k.wrapped],
        'conflict',
        'That key version already exists.',
      );
    },
    listForMerchant: async (merchantId) =>
      (await x.query<KeyRow>('SELECT * FROM merchant_keys WHERE merchant_id = $1 ORDER BY purpose, version', [merchantId])).map((r) => ({
        merchantId: r.merchant_id,
        purpose: r.purpose,
        version: r.version,
        kekVersion: r.kek_version,
        wrapped: bytes(r.wrapped),
      })),
  };
}
