import type { AuditEntry, AuditFilter, AuditRecord, AuditStore, RepeatedAuditRecord } from '../types.ts';
import type { Executor } from './executor.ts';

interface Row {
  id: number;
  merchant_id: string | null;
  actor: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: 'success' | 'failure';
  client_address: string | null;
  detail: string | null;
  at: string;
  count: number;
  last_at: string | null;
}

const fromRow = (r: Row): AuditEntry => ({
  id: r.id,
  merchantId: r.merchant_id,
  actor: r.actor,
  action: r.action,
  recordType: r.record_type,
  recordId: r.record_id,
  outcome: r.outcome,
  clientAddress: r.client_address,
  detail: r.detail,
  at: r.at,
});

const INSERT_COLUMNS = 'merchant_id, actor, action, record_type, record_id, outcome, client_address, detail, at';
/** One WHERE clause from the filter; every value is a bound parameter. */
function where(merchantId: string, f: AuditFilter): { sql: string; params: Array<string | number> } {
  const clauses = ['merchant_id = ?'];
  const params: Array<string | number> = [merchantId];
  const add = (sql: string, value: string | number) => {
    clauses.push(sql);
    params.push(value);
  };
  if (f.actor !== undefined) add('actor = ?', f.actor);
  if (f.action !== undefined) {
    // A trailing dot asks for a family of actions; LIKE's wildcards in the text are escaped.
    if (f.action.endsWith('.')) add("action LIKE ? ESCAPE '\\'", f.action.replace(/[\\%_]/g, (ch) => `\\${ch}`) + '%');
    else add('action = ?', f.action);
  }
  if (f.outcome !== undefined) add('outcome = ?', f.outcome);
  if (f.recordId !== undefined) add('record_id = ?', f.recordId);
  if (f.since !== undefined) add('at >= ?', f.since);
  if (f.until !== undefined) add('at < ?', f.until);
  if (f.beforeId !== undefined) add('id < ?', f.beforeId);
  return { sql: clauses.join(' AND '), params };
}

export function sqliteAudit(x: Executor): AuditStore {
  const { db } = x;
  const values = (e: AuditRecord) => [e.merchantId, e.actor, e.action, e.recordType, e.recordId, e.outcome, e.clientAddress, e.detail, e.at] as const;
  return {
    insert: (e) =>
      x.write(() => {
        db.run(`INSERT INTO audit_log (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ...values(e));
      }),
    listForMerchant: async (merchantId, limit) =>
      db.all<Row>('SELECT * FROM audit_log WHERE merchant_id = ? ORDER BY id DESC LIMIT ?', merchantId, limit).map((r) => {
        const { id: _id, ...record } = fromRow(r);
        return record;
      }),
    recordRepeated: (e, windowKey) =>
      x.write(() => {
        db.run(
          `INSERT INTO audit_log (${INSERT_COLUMNS}, window_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (window_key) WHERE window_key IS NOT NULL DO UPDATE SET count = count + 1, last_at = excluded.at, detail = excluded.detail`,
          ...values(e),
          windowKey,
        );
      }),
    listUnattributed: async (limit) =>
      db.all<Row>('SELECT * FROM audit_log WHERE merchant_id IS NULL ORDER BY id DESC LIMIT ?', limit).map((r): RepeatedAuditRecord => {
        const { id: _id, ...record } = fromRow(r);
        return { ...record, count: r.count, lastAt: r.last_at };
      }),
    search: async (merchantId, filter, limit) => {
      const w = where(merchantId, filter);
      return db.all<Row>(`SELECT * FROM audit_log WHERE ${w.sql} ORDER BY id DESC LIMIT ?`, ...w.params, limit).map(fromRow);
    },
  };
}
