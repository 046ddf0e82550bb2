import type { AuditRecord, AuditStore, RepeatedAuditRecord } from '../types.ts';
import type { Executor } from './executor.ts';

interface Row {
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

const fromRow = (r: Row): AuditRecord => ({
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

export function sqliteAudit(x: Executor): AuditStore {
  const { db } = x;
  const values = (e: AuditRecord) => [e.merchantId, e.actor, e.action, e.recordType, e.recordId, e.outcome, e.clientAddress, e.detail, e.at] as const;
  return {
    insert: (e) =>
      x.write(() => {
        db.run(`INSERT INTO audit_log (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ...values(e));
      }),
    listForMerchant: async (merchantId, limit) =>
      db.all<Row>('SELECT * FROM audit_log WHERE merchant_id = ? ORDER BY id DESC LIMIT ?', merchantId, limit).map(fromRow),
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
      db
        .all<Row>('SELECT * FROM audit_log WHERE merchant_id IS NULL ORDER BY id DESC LIMIT ?', limit)
        .map((r): RepeatedAuditRecord => ({ ...fromRow(r), count: r.count, lastAt: r.last_at })),
  };
}
