import type { AuditEntry, AuditFilter, AuditRecord, AuditStore, RepeatedAuditRecord } from '../types.ts';
import type { Executor } from './database.ts';
import { iso, isoOrNull } from './values.ts';

interface Row {
  id: string;
  merchant_id: string;
  actor: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: 'success' | 'failure';
  client_address: string | null;
  detail: string | null;
  at: Date;
  count: number;
  last_at: Date | null;
}

/** Entries without a merchant are stored under '' (never NULL: merchant_id is the distribution column). */
const NO_MERCHANT = '';

const fromRow = (r: Row): AuditEntry => ({
  id: Number(r.id),
  merchantId: r.merchant_id === NO_MERCHANT ? null : r.merchant_id,
  actor: r.actor,
  action: r.action,
  recordType: r.record_type,
  recordId: r.record_id,
  outcome: r.outcome,
  clientAddress: r.client_address,
  detail: r.detail,
  at: iso(r.at),
});

const withoutId = ({ id: _id, ...record }: AuditEntry): AuditRecord => record;

const INSERT = 'INSERT INTO audit_log (merchant_id, actor, action, record_type, record_id, outcome, client_address, detail, at';
const values = (e: AuditRecord) => [e.merchantId ?? NO_MERCHANT, e.actor, e.action, e.recordType, e.recordId, e.outcome, e.clientAddress, e.detail, e.at];

/** One WHERE clause from the filter; every value is a bound parameter. */
function where(merchantId: string, f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [merchantId];
  const clauses = ['merchant_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (f.actor !== undefined) add((p) => `actor = ${p}`, f.actor);
  if (f.action !== undefined) {
    // A trailing dot asks for a family of actions; LIKE's wildcards in the text are escaped.
    if (f.action.endsWith('.')) add((p) => `action LIKE ${p} ESCAPE '\\'`, f.action.replace(/[\\%_]/g, (ch) => `\\${ch}`) + '%');
    else add((p) => `action = ${p}`, f.action);
  }
  if (f.outcome !== undefined) add((p) => `outcome = ${p}`, f.outcome);
  if (f.recordId !== undefined) add((p) => `record_id = ${p}`, f.recordId);
  if (f.since !== undefined) add((p) => `at >= ${p}::timestamptz`, f.since);
  if (f.until !== undefined) add((p) => `at < ${p}::timestamptz`, f.until);
  if (f.beforeId !== undefined) add((p) => `id < ${p}::bigint`, f.beforeId);
  return { sql: clauses.join(' AND '), params };
}

export function postgresAudit(x: Executor): AuditStore {
  return {
    insert: async (e) => {
      await x.query(`${INSERT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, values(e));
    },
    listForMerchant: async (merchantId, limit) =>
      (await x.query<Row>('SELECT * FROM audit_log WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2', [merchantId, limit])).map((r) => withoutId(fromRow(r))),
    // One upsert: concurrent repeats of a window all land on its one row (ON CONFLICT takes the row lock).
    recordRepeated: async (e, windowKey) => {
      await x.query(
        `${INSERT}, window_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (merchant_id, window_key) WHERE window_key IS NOT NULL
         DO UPDATE SET count = audit_log.count + 1, last_at = excluded.at, detail = excluded.detail`,
        [...values(e), windowKey],
      );
    },
    listUnattributed: async (limit) =>
      (await x.query<Row>('SELECT * FROM audit_log WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2', [NO_MERCHANT, limit])).map(
        (r): RepeatedAuditRecord => ({ ...withoutId(fromRow(r)), count: r.count, lastAt: isoOrNull(r.last_at) }),
      ),
    search: async (merchantId, filter, limit) => {
      const w = where(merchantId, filter);
      return (await x.query<Row>(`SELECT * FROM audit_log WHERE ${w.sql} ORDER BY id DESC LIMIT $${w.params.length + 1}`, [...w.params, limit])).map(fromRow);
    },
  };
}
