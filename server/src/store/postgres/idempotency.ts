import type { IdempotencyRecord, IdempotencyStore } from '../types.ts';
import { IDEMPOTENCY_COLUMNS as COLUMNS } from '../columns.ts';
import { affected, type Executor } from './database.ts';
import { iso, isoOrNull, setClause } from './values.ts';

interface Row {
  merchant_id: string;
  key: string;
  request_hash: string;
  state: IdempotencyRecord['state'];
  locked_until: Date | null;
  response_status: number | null;
  response_body: string | null;
  created_at: Date;
  expires_at: Date;
}

const fromRow = (r: Row): IdempotencyRecord => ({
  merchantId: r.merchant_id,
  key: r.key,
  requestHash: r.request_hash,
  state: r.state,
  lockedUntil: isoOrNull(r.locked_until),
  responseStatus: r.response_status,
  responseBody: r.response_body,
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
});

export function postgresIdempotencyKeys(x: Executor): IdempotencyStore {
  return {
    get: async (merchantId, key) => {
      const [row] = await x.query<Row>('SELECT * FROM idempotency_keys WHERE merchant_id = $1 AND key = $2', [merchantId, key]);
      return row ? fromRow(row) : null;
    },
    insert: async (r) => {
      await x.guarded(
        'INSERT INTO idempotency_keys (merchant_id, key, request_hash, state, locked_until, response_status, response_body, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [r.merchantId, r.key, r.requestHash, r.state, r.lockedUntil, r.responseStatus, r.responseBody, r.createdAt, r.expiresAt],
        'idempotency_in_progress',
        'A request with this Idempotency-Key is already being processed.',
      );
    },
    update: async (merchantId, key, patch) => {
      const { sets, values, empty } = setClause(patch, COLUMNS, (_, v) => v, 3);
      if (empty) return;
      await x.query(`UPDATE idempotency_keys SET ${sets} WHERE merchant_id = $1 AND key = $2`, [merchantId, key, ...values]);
    },
    delete: async (merchantId, key) => {
      await x.query('DELETE FROM idempotency_keys WHERE merchant_id = $1 AND key = $2', [merchantId, key]);
    },
    deleteExpired: async (now) => affected(x, 'DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]),
  };
}
