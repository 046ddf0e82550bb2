import type { SQLInputValue } from 'node:sqlite';
import { NotFoundError } from '../../errors.ts';
import type { TransactionRecord, TransactionStore } from '../types.ts';
import { bytesOrNull, insertOrDuplicate, type Executor } from './executor.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import { merchantTransactionsWhere } from '../transaction-filter.ts';

interface Row {
  id: number;
  merchant_id: string;
  type: TransactionRecord['type'];
  parent_id: number | null;
  status: TransactionRecord['status'];
  currency: string;
  amount_minor: number;
  captured_minor: number;
  refunded_minor: number;
  refund_reserved_minor: number;
  pending_action: TransactionRecord['pendingAction'];
  pending_amount_minor: number | null;
  pending_reference: string | null;
  captured_at: string | null;
  voided_at: string | null;
  customer_id: number | null;
  payment_profile_id: number | null;
  shipping_address_id: number | null;
  source: TransactionRecord['source'];
  payment_type: TransactionRecord['paymentType'];
  brand: string | null;
  last4: string;
  duplicate_key: string | null;
  response_code: number | null;
  reason_code: number | null;
  reason_text: string | null;
  decline_code: string | null;
  auth_code: string | null;
  avs_result: string | null;
  cvc_result: string | null;
  processor: string;
  processor_transaction_id: string | null;
  order_id: string | null;
  description: string | null;
  bill_to: string | null;
  ship_to: string | null;
  customer_info: string | null;
  card_number_ct: Uint8Array | null;
  card_expiry_ct: Uint8Array | null;
  card_retained_until: string | null;
  key_version: number | null;
  idempotency_key: string | null;
  batch_id: number | null;
  settled_at: string | null;
  anet_kind: TransactionRecord['anetKind'];
  created_at: string;
  updated_at: string;
}

const idOrNull = (v: number | null) => (v === null ? null : String(v));
const jsonOrNull = <T>(v: string | null) => (v === null ? null : (JSON.parse(v) as T));

const fromRow = (r: Row): TransactionRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id,
  type: r.type,
  parentId: idOrNull(r.parent_id),
  status: r.status,
  currency: r.currency,
  amountMinor: r.amount_minor,
  capturedMinor: r.captured_minor,
  refundedMinor: r.refunded_minor,
  refundReservedMinor: r.refund_reserved_minor,
  pendingAction: r.pending_action,
  pendingAmountMinor: r.pending_amount_minor,
  pendingReference: r.pending_reference,
  capturedAt: r.captured_at,
  voidedAt: r.voided_at,
  customerId: idOrNull(r.customer_id),
  paymentProfileId: idOrNull(r.payment_profile_id),
  shippingAddressId: idOrNull(r.shipping_address_id),
  source: r.source,
  paymentType: r.payment_type,
  brand: r.brand,
  last4: r.last4,
  duplicateKey: r.duplicate_key,
  responseCode: r.response_code,
  reasonCode: r.reason_code,
  reasonText: r.reason_text,
  declineCode: r.decline_code,
  authCode: r.auth_code,
  avsResult: r.avs_result,
  cvcResult: r.cvc_result,
  processor: r.processor,
  processorTransactionId: r.processor_transaction_id,
  orderId: r.order_id,
  description: r.description,
  billTo: jsonOrNull(r.bill_to),
  shipTo: jsonOrNull(r.ship_to),
  customerInfo: jsonOrNull(r.customer_info),
  cardNumberCt: bytesOrNull(r.card_number_ct),
  cardExpiryCt: bytesOrNull(r.card_expiry_ct),
  cardRetainedUntil: r.card_retained_until,
  keyVersion: r.key_version,
  idempotencyKey: r.idempotency_key,
  batchId: idOrNull(r.batch_id),
  settledAt: r.settled_at,
  anetKind: r.anet_kind,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Record field → column, and how to store its value. */
const COLUMNS: Record<string, [string, (v: unknown) => SQLInputValue]> = {};
const plain = (v: unknown) => v as SQLInputValue;
const numericId = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
for (const [field, column, encode] of [
  ['type', 'type', plain], ['parentId', 'parent_id', numericId], ['status', 'status', plain], ['currency', 'currency', plain],
  ['amountMinor', 'amount_minor', plain], ['capturedMinor', 'captured_minor', plain], ['refundedMinor', 'refunded_minor', plain],
  ['refundReservedMinor', 'refund_reserved_minor', plain], ['pendingAction', 'pending_action', plain], ['pendingAmountMinor', 'pending_amount_minor', plain],
  ['pendingReference', 'pending_reference', plain],
  ['capturedAt', 'captured_at', plain], ['voidedAt', 'voided_at', plain], ['customerId', 'customer_id', numericId],
  ['paymentProfileId', 'payment_profile_id', numericId], ['shippingAddressId', 'shipping_address_id', numericId], ['source', 'source', plain],
  ['paymentType', 'payment_type', plain], ['brand', 'brand', plain], ['last4', 'last4', plain], ['duplicateKey', 'duplicate_key', plain],
  ['responseCode', 'response_code', plain], ['reasonCode', 'reason_code', plain], ['reasonText', 'reason_text', plain], ['declineCode', 'decline_code', plain],
  ['authCode', 'auth_code', plain], ['avsResult', 'avs_result', plain], ['cvcResult', 'cvc_result', plain], ['processor', 'processor', plain],
  ['processorTransactionId', 'processor_transaction_id', plain], ['orderId', 'order_id', plain], ['description', 'description', plain],
  ['billTo', 'bill_to', json], ['shipTo', 'ship_to', json], ['customerInfo', 'customer_info', json], ['cardNumberCt', 'card_number_ct', plain],
  ['cardExpiryCt', 'card_expiry_ct', plain], ['cardRetainedUntil', 'card_retained_until', plain], ['keyVersion', 'key_version', plain],
  ['idempotencyKey', 'idempotency_key', plain], ['updatedAt', 'updated_at', plain], ['batchId', 'batch_id', numericId],
  ['settledAt', 'settled_at', plain], ['anetKind', 'anet_kind', plain],
] as const) {
  COLUMNS[field] = [column, encode];
}

const INSERT_FIELDS = ['id', 'merchantId', 'createdAt', ...Object.keys(COLUMNS)] as const;
const INSERT_SQL = `INSERT INTO transactions (id, merchant_id, created_at, ${Object.values(COLUMNS).map(([c]) => c).join(', ')})
  VALUES (${INSERT_FIELDS.map(() => '?').join(', ')})`;

/** What settlement may take: approved money movements that are final and not batched yet. */
const SETTLEABLE = "batch_id IS NULL AND status = 'approved' AND captured_at IS NOT NULL AND voided_at IS NULL AND pending_action IS NULL";

export function sqliteTransactions(x: Executor): TransactionStore {
  const { db } = x;
  /** One UPDATE … RETURNING: the row after the change, or undefined if no row matched (or nothing to set). */
  const updateRow = (merchantId: string, id: string, patch: Partial<TransactionRecord>, condition: string) => {
    const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && COLUMNS[k]);
    if (entries.length === 0) return undefined;
    const sets = entries.map(([k]) => `${COLUMNS[k]![0]} = ?`).join(', ');
    return db.get<Row>(`UPDATE transactions SET ${sets} WHERE id = ? AND merchant_id = ? ${condition} RETURNING *`, ...entries.map(([k, v]) => COLUMNS[k]![1](v)), Number(id), merchantId);
  };
  return {
    insert: (t) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              INSERT_SQL,
              Number(t.id), t.merchantId, t.createdAt,
              ...Object.entries(COLUMNS).map(([field, [, encode]]) => encode((t as unknown as Record<string, unknown>)[field] ?? null)),
            ),
          'idempotency_in_progress',
          'A transaction with this Idempotency-Key already exists.',
        ),
      ),
    get: async (merchantId, id) => {
      const row = db.get<Row>('SELECT * FROM transactions WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
      return row ? fromRow(row) : null;
    },
    getByIdempotencyKey: async (merchantId, key) => {
      const row = db.get<Row>('SELECT * FROM transactions WHERE merchant_id = ? AND idempotency_key = ?', merchantId, key);
      return row ? fromRow(row) : null;
    },
    findDuplicate: async (merchantId, m) => {
      const row = db.get<Row>(
        `SELECT * FROM transactions WHERE merchant_id = ? AND duplicate_key = ? AND created_at >= ? AND type = ? AND amount_minor = ? AND currency = ?
           AND status <> 'error' ORDER BY created_at DESC LIMIT 1`,
        merchantId, m.duplicateKey, m.since, m.type, m.amountMinor, m.currency,
      );
      return row ? fromRow(row) : null;
    },
    update: (merchantId, id, patch) =>
      x.write(() => {
        const row = updateRow(merchantId, id, patch, '') ?? db.get<Row>('SELECT * FROM transactions WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
        if (!row) throw new NotFoundError('Transaction');
        return fromRow(row);
      }),
    settle: (merchantId, id, patch) =>
      x.write(() => {
        const row = updateRow(merchantId, id, patch, "AND status = 'pending'");
        return row ? fromRow(row) : null;
      }),
    listForCustomer: async (merchantId, customerId, page) => {
      const after = decodeCursor(page.cursor);
      // Newest first is what a billing history wants; the keyset runs backwards.
      const rows = after
        ? db.all<Row>('SELECT * FROM transactions WHERE merchant_id = ? AND customer_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?', merchantId, Number(customerId), after.createdAt, Number(after.id), page.limit + 1)
        : db.all<Row>('SELECT * FROM transactions WHERE merchant_id = ? AND customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', merchantId, Number(customerId), page.limit + 1);
      return pageOf(rows.map(fromRow), page);
    },
    listForMerchant: async (merchantId, filter, page) => {
      const params: SQLInputValue[] = [];
      const bind = (v: SQLInputValue) => (params.push(v), '?');
      const where = merchantTransactionsWhere(merchantId, filter, decodeCursor(page.cursor), { text: bind, time: bind, id: (v) => bind(Number(v)) });
      const rows = db.all<Row>(`SELECT * FROM transactions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, ...params, page.limit + 1);
      return pageOf(rows.map(fromRow), page);
    },
    listSettleable: async (merchantId, before) =>
      db.all<Row>(`SELECT * FROM transactions WHERE merchant_id = ? AND ${SETTLEABLE} AND captured_at < ? ORDER BY captured_at, id`, merchantId, before).map(fromRow),
    listMerchantsWithSettleable: async (before) =>
      db.all<{ merchant_id: string }>(`SELECT DISTINCT merchant_id FROM transactions WHERE ${SETTLEABLE} AND captured_at < ?`, before).map((r) => r.merchant_id),
    assignBatch: (merchantId, ids, batchId, settledAt) =>
      x.write(() => {
        if (ids.length === 0) return 0;
        return db.run(
          `UPDATE transactions SET batch_id = ?, settled_at = ? WHERE merchant_id = ? AND ${SETTLEABLE} AND id IN (SELECT value FROM json_each(?))`,
          Number(batchId), settledAt, merchantId, JSON.stringify(ids.map(Number)),
        ).changes;
      }),
    listForBatch: async (merchantId, batchId) =>
      db.all<Row>('SELECT * FROM transactions WHERE merchant_id = ? AND batch_id = ? ORDER BY created_at, id', merchantId, Number(batchId)).map(fromRow),
    listUnsettled: async (merchantId, limit) =>
      db.all<Row>(
        `SELECT * FROM transactions WHERE merchant_id = ? AND batch_id IS NULL AND voided_at IS NULL AND status IN ('approved', 'heldForReview')
           ORDER BY created_at DESC, id DESC LIMIT ?`,
        merchantId, limit,
      ).map(fromRow),
    wipeExpiredCards: (now) =>
      x.write(
        () =>
          db.run('UPDATE transactions SET card_number_ct = NULL, card_expiry_ct = NULL, card_retained_until = NULL WHERE card_retained_until IS NOT NULL AND card_retained_until <= ?', now).changes,
      ),
  };
}
