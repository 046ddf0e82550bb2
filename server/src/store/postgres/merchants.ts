import { NotFoundError } from '../../errors.ts';
import type { MerchantKeyRecord, MerchantKeyStore, MerchantRecord, MerchantStore, PreviousKey } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { bytes, iso } from './values.ts';

interface MerchantRow {
  id: string;
  name: string;
  secret_key_hash: string;
  api_login_id: string;
  transaction_key_hash: string;
  allowed_origins: string[];
  forward_hosts: string[];
  created_at: Date;
  previous_secret_key_hash: string | null;
  previous_secret_key_until: Date | null;
  previous_transaction_key_hash: string | null;
  previous_transaction_key_until: Date | null;
}

const previous = (hash: string | null, until: Date | null): PreviousKey | null => (hash !== null && until !== null ? { hash, until: iso(until) } : null);

/** The current column of each credential and the slot its replaced key moves to. Fixed names, never input. */
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
  allowedOrigins: r.allowed_origins,
  forwardHosts: r.forward_hosts,
  createdAt: iso(r.created_at),
  previousSecretKey: previous(r.previous_secret_key_hash, r.previous_secret_key_until),
  previousTransactionKey: previous(r.previous_transaction_key_hash, r.previous_transaction_key_until),
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
    setForwardHosts: async (id, hosts) => {
      if ((await affected(x, 'UPDATE merchants SET forward_hosts = $1::text::jsonb WHERE id = $2', [JSON.stringify(hosts), id])) === 0) throw new NotFoundError('Merchant');
    },
    list: async () => (await x.query<MerchantRow>('SELECT * FROM merchants ORDER BY created_at, id')).map(fromRow),
    getByPreviousSecretKeyHash: (hash) => one('SELECT * FROM merchants WHERE previous_secret_key_hash = $1', hash),
    replaceCredential: async (id, kind, newHash, prev) => {
      const [current, prevHash, prevUntil] = CREDENTIAL_COLUMNS[kind];
      const n = await affected(x, `UPDATE merchants SET ${current} = $2, ${prevHash} = $3, ${prevUntil} = $4 WHERE id = $1`, [id, newHash, prev?.hash ?? null, prev?.until ?? null]);
      if (n === 0) throw new NotFoundError('Merchant');
    },
  };
}

interface KeyRow {
  merchant_id: string;
  purpose: 'data' | 'fingerprint';
  version: number;
  kek_version: number;
  wrapped: Uint8Array;
  active_from: Date;
}

const keyFromRow = (r: KeyRow): MerchantKeyRecord => ({ merchantId: r.merchant_id, purpose: r.purpose, version: r.version, kekVersion: r.kek_version, wrapped: bytes(r.wrapped), activeFrom: iso(r.active_from) });

export function postgresMerchantKeys(x: Executor): MerchantKeyStore {
  return {
    insert: async (k) => {
      await x.guarded(
        'INSERT INTO merchant_keys (merchant_id, purpose, version, kek_version, wrapped, active_from) VALUES ($1, $2, $3, $4, $5, $6)',
        [k.merchantId, k.purpose, k.version, k.kekVersion, k.wrapped, k.activeFrom],
        'conflict',
        'That key version already exists.',
      );
    },
    listForMerchant: async (merchantId) => (await x.query<KeyRow>('SELECT * FROM merchant_keys WHERE merchant_id = $1 ORDER BY purpose, version', [merchantId])).map(keyFromRow),
    // Master-key rotation works across merchants (maintenance, like the expiry sweeps).
    listNotUnderKek: async (kekVersion, limit) =>
      (await x.query<KeyRow>('SELECT * FROM merchant_keys WHERE kek_version <> $1 ORDER BY merchant_id, purpose, version LIMIT $2', [kekVersion, limit])).map(keyFromRow),
    rewrap: async (k, fromKek, toKek, wrapped) =>
      (await affected(
        x,
        'UPDATE merchant_keys SET kek_version = $5, wrapped = $6 WHERE merchant_id = $1 AND purpose = $2 AND version = $3 AND kek_version = $4',
        [k.merchantId, k.purpose, k.version, fromKek, toKek, wrapped],
      )) === 1,
    countByKek: async () =>
      (await x.query<{ kek_version: number; n: number }>('SELECT kek_version, count(*)::int AS n FROM merchant_keys GROUP BY kek_version ORDER BY kek_version')).map((r) => ({ kekVersion: r.kek_version, count: r.n })),
    delete: async (k) => (await affected(x, 'DELETE FROM merchant_keys WHERE merchant_id = $1 AND purpose = $2 AND version = $3', [k.merchantId, k.purpose, k.version])) === 1,
    // Like master-key rotation, across merchants (maintenance).
    listMerchantsRotatingData: async () =>
      (await x.query<{ merchant_id: string }>("SELECT merchant_id FROM merchant_keys WHERE purpose = 'data' GROUP BY merchant_id HAVING count(*) > 1 ORDER BY merchant_id")).map((r) => r.merchant_id),
  };
}
