import type { SQLInputValue } from 'node:sqlite';
import type { IdempotencyRecord, IdempotencyStore } from '../types.ts';
import { IDEMPOTENCY_COLUMNS as COLUMNS } from '../columns.ts';
import { insertOrDuplicate, type Executor } from './executor.ts';

interface Row {
  merchant_id: string;
  key: string;
  request_hash: string;
  state: IdempotencyRecord['state'];
  locked_until: string | null;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

const fromRow = (r: Row): IdempotencyRecord => ({
  merchantId: r.merchant_id,
  key: r.key,
  requestHash: r.request_hash,
  state: r.state,
  lockedUntil: r.locked_until,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export function sqliteIdempotencyKeys(x: Executor): IdempotencyStore {
  const { db } = x;
  return {
    get: async (merchantId, key) => {
      const row = db.get<Row>('SELECT * FROM idempotency_keys WHERE merchant_id = ? AND key = ?', merchantId, key);
      return row ? fromRow(row) : null;
    },
    insert: (r) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              'INSERT INTO idempotency_keys (merchant_id, key, request_hash, state, locked_until, response_status, response_body, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
              r.merchantId, r.key, r.requestHash, r.state, r.lockedUntil, r.responseStatus, r.responseBody, r.createdAt, r.expiresAt,
            ),
          'idempotency_in_progress',
          'A request with this Idempotency-Key is already being processed.',
        ),
      ),
    update: (merchantId, key, patch) =>
      x.write(() => {
        const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && COLUMNS[k]);
        if (entries.length === 0) return;
        db.run(`UPDATE idempotency_keys SET ${entries.map(([k]) => `${COLUMNS[k]} = ?`).join(', ')} WHERE merchant_id = ? AND key = ?`, ...entries.map(([, v]) => v as SQLInputValue), merchantId, key);
      }),
    delete: (merchantId, key) =>
      x.write(() => {
        db.run('DELETE FROM idempotency_keys WHERE merchant_id = ? AND key = ?', merchantId, key);
      }),
    deleteExpired: (now) => x.write(() => db.run('DELETE FROM idempotency_keys WHERE expires_at <= ?', now).changes),
  };
}
