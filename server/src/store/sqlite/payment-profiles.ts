import type { PaymentProfileRecord, PaymentProfileStore } from '../types.ts';
import { PAYMENT_PROFILE_COLUMNS as COLUMNS, PAYMENT_PROFILE_DEFAULT_TAKEN as DEFAULT_TAKEN } from '../columns.ts';
import { customerRowPrimitives, type CustomerRowTable } from './customer-rows.ts';
import { bytesOrNull, idTaken, insertOrDuplicate, toBytes, type Executor } from './executor.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import type { SQLInputValue } from 'node:sqlite';

interface Row {
  id: number;
  merchant_id: string;
  customer_id: number;
  type: 'card' | 'bankAccount';
  brand: string | null;
  last4: string;
  bin: string | null;
  number_ct: Uint8Array;
  expiry_ct: Uint8Array | null;
  routing_ct: Uint8Array | null;
  routing_last4: string | null;
  account_type: PaymentProfileRecord['accountType'];
  name_on_account: string | null;
  bank_name: string | null;
  fingerprint: Uint8Array;
  expiry_tag: Uint8Array | null;
  key_version: number;
  bill_to: string;
  customer_type: PaymentProfileRecord['customerType'];
  is_default: number;
  provisional_session_id: string | null;
  provisional_until: string | null;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): PaymentProfileRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id,
  customerId: String(r.customer_id),
  type: r.type,
  brand: r.brand,
  last4: r.last4,
  bin: r.bin,
  numberCt: toBytes(r.number_ct),
  expiryCt: bytesOrNull(r.expiry_ct),
  routingCt: bytesOrNull(r.routing_ct),
  routingLast4: r.routing_last4,
  accountType: r.account_type,
  nameOnAccount: r.name_on_account,
  bankName: r.bank_name,
  fingerprint: toBytes(r.fingerprint),
  expiryTag: bytesOrNull(r.expiry_tag),
  keyVersion: r.key_version,
  billTo: JSON.parse(r.bill_to) as PaymentProfileRecord['billTo'],
  customerType: r.customer_type,
  isDefault: r.is_default === 1,
  ...(r.provisional_until !== null && { provisionalSessionId: r.provisional_session_id, provisionalUntil: r.provisional_until }),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function columnValue(key: string, value: unknown): SQLInputValue {
  if (key === 'billTo') return JSON.stringify(value);
  if (key === 'isDefault') return value ? 1 : 0;
  return value as SQLInputValue;
}

const TABLE: CustomerRowTable = { table: 'payment_profiles', columns: COLUMNS, toColumnValue: columnValue, label: 'Payment profile', defaultTaken: DEFAULT_TAKEN };

export function sqlitePaymentProfiles(x: Executor): PaymentProfileStore {
  const { db } = x;
  const insertRow = (p: PaymentProfileRecord) =>
    insertOrDuplicate(
      () =>
        idTaken('payment_profiles', 'Payment profile', () => db.run(
          `INSERT INTO payment_profiles (id, merchant_id, customer_id, type, brand, last4, bin, number_ct, expiry_ct, routing_ct, routing_last4,
             account_type, name_on_account, bank_name, fingerprint, expiry_tag, key_version, bill_to, customer_type, is_default,
             provisional_session_id, provisional_until, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          Number(p.id), p.merchantId, Number(p.customerId), p.type, p.brand, p.last4, p.bin, p.numberCt, p.expiryCt, p.routingCt, p.routingLast4,
          p.accountType, p.nameOnAccount, p.bankName, p.fingerprint, p.expiryTag, p.keyVersion, JSON.stringify(p.billTo), p.customerType,
          p.isDefault ? 1 : 0, p.provisionalSessionId ?? null, p.provisionalUntil ?? null, p.createdAt, p.updatedAt,
        )),
      'conflict',
      DEFAULT_TAKEN,
    );
  return {
    insert: (p) => x.write(() => insertRow(p)),
    insertMany: (profiles) => x.write(() => profiles.forEach(insertRow)),
    get: async (merchantId, customerId, id) => {
      const row = db.get<Row>('SELECT * FROM payment_profiles WHERE id = ? AND customer_id = ? AND merchant_id = ?', Number(id), Number(customerId), merchantId);
      return row ? fromRow(row) : null;
    },
    getById: async (merchantId, id) => {
      const row = db.get<Row>('SELECT * FROM payment_profiles WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
      return row ? fromRow(row) : null;
    },
    // Lookups by customer say `+merchant_id`: without it SQLite may read the merchant's every
    // profile through payment_profiles_key_version (merchant first) and filter, not the customer's few.
    listForCustomer: async (merchantId, customerId) =>
      db.all<Row>('SELECT * FROM payment_profiles WHERE customer_id = ? AND +merchant_id = ? ORDER BY created_at, id', Number(customerId), merchantId).map(fromRow),
    listForCustomers: async (merchantId, customerIds) =>
      customerIds.length === 0
        ? []
        : db.all<Row>('SELECT * FROM payment_profiles WHERE customer_id IN (SELECT value FROM json_each(?)) AND +merchant_id = ? ORDER BY customer_id, created_at, id', JSON.stringify(customerIds.map(Number)), merchantId).map(fromRow),
    countForCustomer: async (merchantId, customerId) =>
      db.get<{ n: number }>('SELECT count(*) AS n FROM payment_profiles WHERE customer_id = ? AND +merchant_id = ?', Number(customerId), merchantId)?.n ?? 0,
    findByFingerprint: async (merchantId, customerId, fingerprint) =>
      db.all<Row>('SELECT * FROM payment_profiles WHERE customer_id = ? AND merchant_id = ? AND fingerprint = ?', Number(customerId), merchantId, fingerprint).map(fromRow),
    listByExpiryTag: async (merchantId, tag, page) => {
      const after = decodeCursor(page.cursor);
      const rows = after
        ? db.all<Row>('SELECT * FROM payment_profiles WHERE merchant_id = ? AND expiry_tag = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?', merchantId, tag, after.createdAt, Number(after.id), page.limit + 1)
        : db.all<Row>('SELECT * FROM payment_profiles WHERE merchant_id = ? AND expiry_tag = ? ORDER BY created_at, id LIMIT ?', merchantId, tag, page.limit + 1);
      return pageOf(rows.map(fromRow), page);
    },
    deleteExpiredProvisional: (now) =>
      x.write(() =>
        db
          .all<Pick<Row, 'merchant_id' | 'customer_id' | 'id'>>('DELETE FROM payment_profiles WHERE provisional_until IS NOT NULL AND provisional_until < ? RETURNING merchant_id, customer_id, id', now)
          .map((r) => ({ merchantId: r.merchant_id, customerId: String(r.customer_id), id: String(r.id) })),
      ),
    ...customerRowPrimitives<Row, PaymentProfileRecord>(x, TABLE, fromRow),
  };
}
