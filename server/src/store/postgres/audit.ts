import type { AuditStore } from '../types.ts';
import type { Executor } from './database.ts';
import { iso } from './values.ts';

interface Row {
  merchant_id: string;
  actor: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: 'success' | 'failure';
  client_address: string | null;
  detail: string | null;
  at: Date;
}

/** Entries without a merchant are stored under '' (never NULL: merchant_id is the distribution column). */
const NO_MERCHANT = '';

export function postgresAudit(x: Executor): AuditStore {
  return {
    insert: async (e) => {
      await x.query(
        'INSERT INTO audit_log (merchant_id, actor, action, record_type, record_id, outcome, client_address, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [e.merchantId ?? NO_MERCHANT, e.actor, e.action, e.recordType, e.recordId, e.outcome, e.clientAddress, e.detail, e.at],
      );
    },
    listForMerchant: async (merchantId, limit) =>
      (await x.query<Row>('SELECT * FROM audit_log WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2', [merchantId, limit])).map((r) => ({
        merchantId: r.merchant_id === NO_MERCHANT ? null : r.merchant_id,
        actor: r.actor,
        action: r.action,
        recordType: r.record_type,
        recordId: r.record_id,
        outcome: r.outcome,
        clientAddress: r.client_address,
        detail: r.detail,
        at: iso(r.at),
      })),
  };
}
