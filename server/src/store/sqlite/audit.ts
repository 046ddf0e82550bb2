import type { AuditStore } from '../types.ts';
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
}

export function sqliteAudit(x: Executor): AuditStore {
  const { db } = x;
  return {
    insert: (e) =>
      x.write(() => {
        db.run(
          'INSERT INTO audit_log (merchant_id, actor, action, record_type, record_id, outcome, client_address, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          e.merchantId, e.actor, e.action, e.recordType, e.recordId, e.outcome, e.clientAddress, e.detail, e.at,
        );
      }),
    listForMerchant: async (merchantId, limit) =>
      db.all<Row>('SELECT * FROM audit_log WHERE merchant_id = ? ORDER BY id DESC LIMIT ?', merchantId, limit).map((r) => ({
        merchantId: r.merchant_id,
        actor: r.actor,
        action: r.action,
        recordType: r.record_type,
        recordId: r.record_id,
        outcome: r.outcome,
        clientAddress: r.client_address,
        detail: r.detail,
        at: r.at,
      })),
  };
}
