import type { MerchantKeyRecord, MerchantKeyStore, MerchantRecord, MerchantStore } from '../types.ts';
import { insertOrDuplicate, toBytes, type Executor } from './executor.ts';

interface MerchantRow {
  id: string;
  name: string;
  secret_key_hash: string;
  api_login_id: string;
  transaction_key_hash: string;
  allowed_origins: string;
  created_at: string;
}

const fromRow = (r: MerchantRow): MerchantRecord => ({
  id: r.id,
  name: r.name,
  secretKeyHash: r.secret_key_hash,
  apiLoginId: r.api_login_id,
  transactionKeyHash: r.transaction_key_hash,
  allowedOrigins: JSON.parse(r.allowed_origins) as string[],
  createdAt: r.created_at,
});

export function sqliteMerchants(x: Executor): MerchantStore {
  const { db } = x;
  const one = (sql: string, value: string) => {
    const row = db.get<MerchantRow>(sql, value);
    return Promise.resolve(row ? fromRow(row) : null);
  };
  return {
    insert: (m) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              'INSERT INTO merchants (id, name, secret_key_hash, api_login_id, transaction_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
              m.id, m.name, m.secretKeyHash, m.apiLoginId, m.transactionKeyHash, JSON.stringify(m.allowedOrigins), m.createdAt,
            ),
          'conflict',
          'A merchant with these credentials already exists.',
        ),
      ),
    getById: (id) => one('SELECT * FROM merchants WHERE id = ?', id),
    getBySecretKeyHash: (hash) => one('SELECT * FROM merchants WHERE secret_key_hash = ?', hash),
    getByApiLoginId: (login) => one('SELECT * FROM merchants WHERE api_login_id = ?', login),
    setAllowedOrigins: (id, origins) =>
      x.write(() => {
        db.run('UPDATE merchants SET allowed_origins = ? WHERE id = ?', JSON.stringify(origins), id);
      }),
    setSecretKeyHash: (id, hash) =>
      x.write(() => {
        db.run('UPDATE merchants SET secret_key_hash = ? WHERE id = ?', hash, id);
      }),
    list: () => Promise.resolve(db.all<MerchantRow>('SELECT * FROM merchants ORDER BY created_at').map(fromRow)),
  };
}

interface KeyRow {
  merchant_id: string;
  purpose: 'data' | 'fingerprint';
  version: number;
  kek_version: number;
  wrapped: Uint8Array;
}

export function sqliteMerchantKeys(x: Executor): MerchantKeyStore {
  const { db } = x;
  return {
    insert: (k: MerchantKeyRecord) =>
      x.write(() =>
        insertOrDuplicate(
          () => db.run('INSERT INTO merchant_keys (merchant_id, purpose, version, kek_version, wrapped) VALUES (?, ?, ?, ?, ?)', k.merchantId, k.purpose, k.version, k.kekVersion, k.wrapped),
          'conflict',
          'That key version already exists.',
        ),
      ),
    listForMerchant: (merchantId) =>
      Promise.resolve(
        db
          .all<KeyRow>('SELECT * FROM merchant_keys WHERE merchant_id = ? ORDER BY purpose, version', merchantId)
          .map((r) => ({ merchantId: r.merchant_id, purpose: r.purpose, version: r.version, kekVersion: r.kek_version, wrapped: toBytes(r.wrapped) })),
      ),
  };
}
