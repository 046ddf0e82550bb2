import { NotFoundError } from '../../errors.ts';
import type { TransactionRecord, TransactionStore } from '../types.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import { merchantTransactionsWhere } from '../transaction-filter.ts';
import { affected, type Executor } from './database.ts';
import { bytesOrNull, idOrNull, iso, isoOrNull, jsonOrNull, num, numOrNull } from './values.ts';

type Row = Record<string, unknown>;

const fromRow = (r: Row): TransactionRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id as string,
  type: r.type as TransactionRecord['type'],
  parentId: idOrNull(r.parent_id),
  status: r.status as TransactionRecord['status'],
  currency: r.currency as string,
  amountMinor: num(r.amount_minor),
  capturedMinor: num(r.captured_minor),
  refundedMinor: num(r.refunded_minor),
  refundReservedMinor: num(r.refund_reserved_minor),
  pendingAction: r.pending_action as TransactionRecord['pendingAction'],
  pendingAmountMinor: numOrNull(r.pending_amount_minor),
  pendingReference: r.pending_reference as string | null,
  capturedAt: isoOrNull(r.captured_at),
  voidedAt: isoOrNull(r.voided_at),
  customerId: idOrNull(r.customer_id),
  paymentProfileId: idOrNull(r.payment_profile_id),
  shippingAddressId: idOrNull(r.shipping_address_id),
  source: r.source as TransactionRecord['source'],
  paymentType: r.payment_type as TransactionRecord['paymentType'],
  brand: r.brand as string | null,
  last4: r.last4 as string,
  duplicateKey: r.duplicate_key as string | null,
  responseCode: r.response_code as number | null,
  reasonCode: r.reason_code as number | null,
  reasonText: r.reason_text as string | null,
  declineCode: r.decline_code as string | null,
  authCode: r.auth_code as string | null,
  avsResult: r.avs_result as string | null,
  cvcResult: r.cvc_result as string | null,
  processor: r.processor as string,
  processorTransactionId: r.processor_transaction_id as string | null,
  orderId: r.order_id as string | null,
  description: r.description as string | null,
  billTo: jsonOrNull(r.bill_to),
  shipTo: jsonOrNull(r.ship_to),
  customerInfo: jsonOrNull(r.customer_info),
  cardNumberCt: bytesOrNull(r.card_number_ct),
  cardExpiryCt: bytesOrNull(r.card_expiry_ct),
  cardRetainedUntil: isoOrNull(r.card_retained_until),
  keyVersion: r.key_version as number | null,
  idempotencyKey: r.idempotency_key as string | null,
  batchId: idOrNull(r.batch_id),
  settledAt: isoOrNull(r.settled_at),
  anetKind: r.anet_kind as TransactionRecord['anetKind'],
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const JSON_FIELDS = new Set(['billTo', 'shipTo', 'customerInfo']);
const encode = (field: string, v: unknown) => (v === undefined || v === null ? null : JSON_FIELDS.has(field) ? JSON.stringify(v) : v);

/** Record field → column, for every field but the key (merchant_id, id) and created_at. */
const COLUMNS: Record<string, string> = Object.fromEntries(
  ([
    'type', 'parentId', 'status', 'currency', 'amountMinor', 'capturedMinor', 'refundedMinor', 'refundReservedMinor', 'pendingAction',
    'pendingAmountMinor', 'pendingReference', 'capturedAt', 'voidedAt', 'customerId', 'paymentProfileId', 'shippingAddressId', 'source',
    'paymentType', 'brand', 'last4', 'duplicateKey', 'responseCode', 'reasonCode', 'reasonText', 'declineCode', 'authCode', 'avsResult',
    'cvcResult', 'processor', 'processorTransactionId', 'orderId', 'description', 'billTo', 'shipTo', 'customerInfo', 'cardNumberCt',
    'cardExpiryCt', 'cardRetainedUntil', 'keyVersion', 'idempotencyKey', 'updatedAt', 'batchId', 'settledAt', 'anetKind',
  ] as const).map((field) => [field, field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)]),
);
const FIELDS = Object.keys(COLUMNS);
const INSERT_SQL = `INSERT INTO transactions (merchant_id, id, created_at, ${FIELDS.map((f) => COLUMNS[f]).join(', ')})
  VALUES ($1, $2, $3, ${FIELDS.map((_, i) => `$${i + 4}`).join(', ')})`;

/** What settlement may take: approved money movements that are final and not batched yet (transactions_unbatched). */
const SETTLEABLE = "batch_id IS NULL AND status = 'approved' AND captured_at IS NOT NULL AND voided_at IS NULL AND pending_action IS NULL";

export function postgresTransactions(x: Executor): TransactionStore {
  const all = async (sql: string, params: unknown[]) => (await x.query<Row>(sql, params)).map(fromRow);
  const get = async (merchantId: string, id: string) => (await all('SELECT * FROM transactions WHERE merchant_id = $1 AND id = $2', [merchantId, id]))[0] ?? null;
  /** One UPDATE … RETURNING: the row after the change, or null if no row matched (or nothing to set). */
  const updateRow = async (merchantId: string, id: string, patch: Partial<TransactionRecord>, condition: string) => {
    const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && COLUMNS[k]);
    if (entries.length === 0) return null;
    const sets = entries.map(([k], i) => `${COLUMNS[k]} = $${i + 3}`).join(', ');
    const rows = await all(`UPDATE transactions SET ${sets} WHERE merchant_id = $1 AND id = $2 ${condition} RETURNING *`, [merchantId, id, ...entries.map(([k, v]) => encode(k, v))]);
    return rows[0] ?? null;
  };
  return {
    insert: async (t) => {
      const record = t as unknown as Record<string, unknown>;
      await x.guarded(INSERT_SQL, [t.merchantId, t.id, t.createdAt, ...FIELDS.map((f) => encode(f, record[f]))], 'idempotency_in_progress', 'A transaction with this Idempotency-Key already exists.');
    },
    get,
    getByIdempotencyKey: async (merchantId, key) => (await all('SELECT * FROM transactions WHERE merchant_id = $1 AND idempotency_key = $2', [merchantId, key]))[0] ?? null,
    findDuplicate: async (merchantId, m) =>
      (
        await all(
          `SELECT * FROM transactions WHERE merchant_id = $1 AND duplicate_key = $2 AND created_at >= $3 AND type = $4 AND amount_minor = $5 AND currency = $6
             AND status <> 'error' ORDER BY created_at DESC LIMIT 1`,
          [merchantId, m.duplicateKey, m.since, m.type, m.amountMinor, m.currency],
        )
      )[0] ?? null,
    update: async (merchantId, id, patch) => {
      const row = (await updateRow(merchantId, id, patch, '')) ?? (await get(merchantId, id));
      if (!row) throw new NotFoundError('Transaction');
      return row;
    },
    settle: (merchantId, id, patch) => updateRow(merchantId, id, patch, "AND status = 'pending'"),
    listForCustomer: async (merchantId, customerId, page) => {
      const after = decodeCursor(page.cursor);
      // Newest first is what a billing history wants; the keyset runs backwards.
      const rows = after
        ? await all('SELECT * FROM transactions WHERE merchant_id = $1 AND customer_id = $2 AND (created_at, id) < ($3::timestamptz, $4::bigint) ORDER BY created_at DESC, id DESC LIMIT $5', [merchantId, customerId, after.createdAt, after.id, page.limit + 1])
        : await all('SELECT * FROM transactions WHERE merchant_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3', [merchantId, customerId, page.limit + 1]);
      return pageOf(rows, page);
    },
    listForMerchant: async (merchantId, filter, page) => {
      const params: unknown[] = [];
      const bind = (cast: string) => (v: string) => `$${params.push(v)}${cast}`;
      const where = merchantTransactionsWhere(merchantId, filter, decodeCursor(page.cursor), { text: bind(''), time: bind('::timestamptz'), id: bind('::bigint') });
      return pageOf(await all(`SELECT * FROM transactions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.push(page.limit + 1)}`, params), page);
    },
    listSettleable: (merchantId, before) => all(`SELECT * FROM transactions WHERE merchant_id = $1 AND ${SETTLEABLE} AND captured_at < $2 ORDER BY captured_at, id`, [merchantId, before]),
    listMerchantsWithSettleable: async (before) =>
      (await x.query<{ merchant_id: string }>(`SELECT DISTINCT merchant_id FROM transactions WHERE ${SETTLEABLE} AND captured_at < $1`, [before])).map((r) => r.merchant_id),
    // One conditional UPDATE: a transaction already batched (by another instance) or no longer settleable is left alone.
    assignBatch: async (merchantId, ids, batchId, settledAt) =>
      ids.length === 0
        ? 0
        : affected(x, `UPDATE transactions SET batch_id = $2, settled_at = $3 WHERE merchant_id = $1 AND ${SETTLEABLE} AND id = ANY(string_to_array($4, ',')::bigint[])`, [
            merchantId, batchId, settledAt, ids.map((id) => String(BigInt(id))).join(','),
          ]),
    listForBatch: (merchantId, batchId) => all('SELECT * FROM transactions WHERE merchant_id = $1 AND batch_id = $2 ORDER BY created_at, id', [merchantId, batchId]),
    // transactions_unsettled serves this page.
    listUnsettled: (merchantId, limit) =>
      all(
        `SELECT * FROM transactions WHERE merchant_id = $1 AND batch_id IS NULL AND voided_at IS NULL AND status IN ('approved', 'heldForReview')
           ORDER BY created_at DESC, id DESC LIMIT $2`,
        [merchantId, limit],
      ),
    wipeExpiredCards: (now) =>
      affected(x, 'UPDATE transactions SET card_number_ct = NULL, card_expiry_ct = NULL, card_retained_until = NULL WHERE card_retained_until IS NOT NULL AND card_retained_until <= $1', [now]),
  };
}
