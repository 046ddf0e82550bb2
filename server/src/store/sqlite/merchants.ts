import { NotFoundError } from '../../errors.ts';
import type { MerchantKeyRecord, MerchantKeyStore, MerchantRecord, MerchantStore } from '../types.ts';
import { insertOrDuplicate, toBytes, type Executor } from './executor.ts';

interface MerchantRow {
  id: string;
  name: string;
  secret_key_hash: string;
  api_login_id: string;
  transaction_key_hash: string;
  allowed_origins: string;
  forward_hosts: string;
  created_at: string;
  previous_secret_key_hash: string | null;
  previous_secret_key_until: string | null;
  previous_transaction_key_hash: string | null;
  previous_transaction_key_until: string | null;
}

const previous = (hash: string | null, until: string | null) => (hash !== null && until !== null ? { hash, until } : null);

const CREDENTIAL_COLUMNS = {
  secretKey: ['secret_key_hash', 'previous_secret_key_hash', 'previous_secret_key_until'],
  transactionKey: ['transaction_key_hash', 'previous_transaction_key_hash', 'previous_transaction_key_until'],
} as const;

const fromRow = (r: MerchantRow): MerchantRecord => ({
  id: r.id,
  name: r.name,
  secretKeyHash: r.secret_key_hash,
  apiLoginId: r.api_login_id,
  transactionKeyHash: r.transaction_key_hash,
  allowedOrigins: JSON.parse(r.allowed_origins) as string[],
  forwardHosts: JSON.parse(r.forward_hosts) as string[],
  createdAt: r.created_at,
  previousSecretKey: previous(r.previous_secret_key_hash, r.previous_secret_key_until),
  previousTransactionKey: previous(r.previous_transaction_key_hash, r.previous_transaction_key_until),
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
    setForwardHosts: (id, hosts) =>
      x.write(() => {
        if (db.run('UPDATE merchants SET forward_hosts = ? WHERE id = ?', JSON.stringify(hosts), id).changes === 0) throw new NotFoundError('Merchant');
      }),
    list: () => Promise.resolve(db.all<MerchantRow>('SELECT * FROM merchants ORDER BY created_at').map(fromRow)),
    getByPreviousSecretKeyHash: (hash) => one('SELECT * FROM merchants WHERE previous_secret_key_hash = ?', hash),
    replaceCredential: (id, kind, newHash, prev) =>
      x.write(() => {
        const [current, prevHash, prevUntil] = CREDENTIAL_COLUMNS[kind];
        const { changes } = db.run(`UPDATE merchants SET ${current} = ?, ${prevHash} = ?, ${prevUntil} = ? WHERE id = ?`, newHash, prev?.hash ?? null, prev?.until ?? null, id);
        if (changes === 0) throw new NotFoundError('Merchant');
      }),
  };
}

interface KeyRow {
  merchant_id: string;
  purpose: 'data' | 'fingerprint';
  version: number;
  kek_version: number;
  wrapped: Uint8Array;
  active_from: string;
}

const keyFromRow = (r: KeyRow): MerchantKeyRecord => ({ merchantId: r.merchant_id, purpose: r.purpose, version: r.version, kekVersion: r.kek_version, wrapped: toBytes(r.wrapped), activeFrom: r.active_from });

export function sqliteMerchantKeys(x: Executor): MerchantKeyStore {
  const { db } = x;
  return {
    insert: (k: MerchantKeyRecord) =>
      x.write(() =>
        insertOrDuplicate(
          () => db.run('INSERT INTO merchant_keys (merchant_id, purpose, version, kek_version, wrapped, active_from) VALUES (?, ?, ?, ?, ?, ?)', k.merchantId, k.purpose, k.version, k.kekVersion, k.wrapped, k.activeFrom),
          'conflict',
          'That key version already exists.',
        ),
      ),
    listForMerchant: (merchantId) =>
      Promise.resolve(
        db
          .all<KeyRow>('SELECT * FROM merchant_keys WHERE merchant_id = ? ORDER BY purpose, version', merchantId)
          .map(keyFromRow),
      ),
    listNotUnderKek: (kekVersion, limit) =>
      Promise.resolve(db.all<KeyRow>('SELECT * FROM merchant_keys WHERE kek_version <> ? ORDER BY merchant_id, purpose, version LIMIT ?', kekVersion, limit).map(keyFromRow)),
    rewrap: (k, fromKek, toKek, wrapped) =>
      x.write(
        () =>
          db.run('UPDATE merchant_keys SET kek_version = ?, wrapped = ? WHERE merchant_id = ? AND purpose = ? AND version = ? AND kek_version = ?', toKek, wrapped, k.merchantId, k.purpose, k.version, fromKek).changes === 1,
      ),
    countByKek: () =>
      Promise.resolve(db.all<{ kek_version: number; n: number }>('SELECT kek_version, count(*) AS n FROM merchant_keys GROUP BY kek_version ORDER BY kek_version').map((r) => ({ kekVersion: r.kek_version, count: r.n }))),
    delete: (k) => x.write(() => db.run('DELETE FROM merchant_keys WHERE merchant_id = ? AND purpose = ? AND version = ?', k.merchantId, k.purpose, k.version).changes === 1),
    listMerchantsRotatingData: () =>
      Promise.resolve(db.all<{ merchant_id: string }>("SELECT merchant_id FROM merchant_keys WHERE purpose = 'data' GROUP BY merchant_id HAVING count(*) > 1 ORDER BY merchant_id").map((r) => r.merchant_id)),
  };
}
