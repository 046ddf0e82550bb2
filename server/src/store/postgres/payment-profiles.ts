import { IdTakenError } from '../../errors.ts';
import type { PaymentProfileRecord, PaymentProfileStore } from '../types.ts';
import { PAYMENT_PROFILE_COLUMNS as COLUMNS, PAYMENT_PROFILE_DEFAULT_TAKEN as DEFAULT_TAKEN } from '../columns.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import { customerRowPrimitives, type CustomerRowTable } from './customer-rows.ts';
import type { Executor } from './database.ts';
import { bytes, bytesOrNull, iso, valueTuples } from './values.ts';

interface Row {
  id: string;
  merchant_id: string;
  customer_id: string;
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
  is_default: boolean;
  provisional_session_id: string | null;
  provisional_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (r: Row): PaymentProfileRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id,
  customerId: String(r.customer_id),
  type: r.type,
  brand: r.brand,
  last4: r.last4,
  bin: r.bin,
  numberCt: bytes(r.number_ct),
  expiryCt: bytesOrNull(r.expiry_ct),
  routingCt: bytesOrNull(r.routing_ct),
  routingLast4: r.routing_last4,
  accountType: r.account_type,
  nameOnAccount: r.name_on_account,
  bankName: r.bank_name,
  fingerprint: bytes(r.fingerprint),
  expiryTag: bytesOrNull(r.expiry_tag),
  keyVersion: r.key_version,
  billTo: JSON.parse(r.bill_to) as PaymentProfileRecord['billTo'],
  customerType: r.customer_type,
  isDefault: r.is_default,
  ...(r.provisional_until !== null && { provisionalSessionId: r.provisional_session_id, provisionalUntil: iso(r.provisional_until) }),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const TABLE: CustomerRowTable = {
  table: 'payment_profiles',
  columns: COLUMNS,
  toColumnValue: (field, value) => (field === 'billTo' ? JSON.stringify(value) : value),
  label: 'Payment profile',
  defaultTaken: DEFAULT_TAKEN,
};

export function postgresPaymentProfiles(x: Executor): PaymentProfileStore {
  const all = async (sql: string, params: unknown[]) => (await x.query<Row>(sql, params)).map(fromRow);
  const insertRows = async (profiles: PaymentProfileRecord[]) => {
    const rows = profiles.map((p) => [
      p.merchantId, p.id, p.customerId, p.type, p.brand, p.last4, p.bin, p.numberCt, p.expiryCt, p.routingCt, p.routingLast4,
      p.accountType, p.nameOnAccount, p.bankName, p.fingerprint, p.expiryTag, p.keyVersion, JSON.stringify(p.billTo), p.customerType,
      p.isDefault, p.provisionalSessionId ?? null, p.provisionalUntil ?? null, p.createdAt, p.updatedAt,
    ]);
    for (const { tuples, params } of valueTuples(rows)) {
      await x.guarded(
        `INSERT INTO payment_profiles (merchant_id, id, customer_id, type, brand, last4, bin, number_ct, expiry_ct, routing_ct, routing_last4,
           account_type, name_on_account, bank_name, fingerprint, expiry_tag, key_version, bill_to, customer_type, is_default,
           provisional_session_id, provisional_until, created_at, updated_at)
         VALUES ${tuples}`,
        params,
        'conflict',
        DEFAULT_TAKEN,
        // A primary-key clash is the random id, not the default rule: the domain draws another id.
        { payment_profiles_pkey: () => new IdTakenError('Payment profile') },
      );
    }
  };
  return {
    insert: (p) => insertRows([p]),
    insertMany: insertRows,
    getById: async (merchantId, id) => (await all('SELECT * FROM payment_profiles WHERE merchant_id = $1 AND id = $2', [merchantId, id]))[0] ?? null,
    listForCustomers: async (merchantId, customerIds) =>
      customerIds.length === 0
        ? []
        : all("SELECT * FROM payment_profiles WHERE merchant_id = $1 AND customer_id = ANY(string_to_array($2, ',')::bigint[]) ORDER BY customer_id, created_at, id", [merchantId, customerIds.join(',')]),
    findByFingerprint: (merchantId, customerId, fingerprint) =>
      all('SELECT * FROM payment_profiles WHERE merchant_id = $1 AND customer_id = $2 AND fingerprint = $3', [merchantId, customerId, fingerprint]),
    listByExpiryTag: async (merchantId, tag, page) => {
      const after = decodeCursor(page.cursor);
      const rows = after
        ? await all('SELECT * FROM payment_profiles WHERE merchant_id = $1 AND expiry_tag = $2 AND (created_at, id) > ($3::timestamptz, $4::bigint) ORDER BY created_at, id LIMIT $5', [merchantId, tag, after.createdAt, after.id, page.limit + 1])
        : await all('SELECT * FROM payment_profiles WHERE merchant_id = $1 AND expiry_tag = $2 ORDER BY created_at, id LIMIT $3', [merchantId, tag, page.limit + 1]);
      return pageOf(rows, page);
    },
    deleteExpiredProvisional: async (now) =>
      (
        await x.query<Pick<Row, 'merchant_id' | 'customer_id' | 'id'>>(
          'DELETE FROM payment_profiles WHERE provisional_until IS NOT NULL AND provisional_until < $1::timestamptz RETURNING merchant_id, customer_id, id',
          [now],
        )
      ).map((r) => ({ merchantId: r.merchant_id, customerId: String(r.customer_id), id: String(r.id) })),
    ...customerRowPrimitives<Row, PaymentProfileRecord>(x, TABLE, fromRow),
  };
}
