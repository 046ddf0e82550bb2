import type { ShippingAddressRecord, ShippingAddressStore } from '../types.ts';
import { ADDRESS_FIELDS as FIELDS, SHIPPING_ADDRESS_COLUMNS as COLUMNS, SHIPPING_ADDRESS_DEFAULT_TAKEN as DEFAULT_TAKEN } from '../columns.ts';
import { customerRowPrimitives, type CustomerRowTable } from './customer-rows.ts';
import { insertOrDuplicate, type Executor } from './executor.ts';
import type { SQLInputValue } from 'node:sqlite';

interface Row {
  id: number;
  merchant_id: string;
  customer_id: number;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
  phone_number: string | null;
  is_default: number;
  created_at: string;
  updated_at: string;
}

function fromRow(r: Row): ShippingAddressRecord {
  const record: ShippingAddressRecord = {
    id: String(r.id),
    merchantId: r.merchant_id,
    customerId: String(r.customer_id),
    isDefault: r.is_default === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  for (const [field, column] of Object.entries(FIELDS)) {
    const value = r[column as keyof Row];
    if (typeof value === 'string') record[field as keyof typeof FIELDS] = value;
  }
  return record;
}

const TABLE: CustomerRowTable = {
  table: 'shipping_addresses',
  columns: COLUMNS,
  toColumnValue: (field, value) => (field === 'isDefault' ? (value ? 1 : 0) : (value as SQLInputValue)),
  label: 'Shipping address',
  defaultTaken: DEFAULT_TAKEN,
};

export function sqliteShippingAddresses(x: Executor): ShippingAddressStore {
  const { db } = x;
  return {
    insert: (a) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              `INSERT INTO shipping_addresses (id, merchant_id, customer_id, first_name, last_name, company, address, city, state, zip, country, phone_number, is_default, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              Number(a.id), a.merchantId, Number(a.customerId), a.firstName ?? null, a.lastName ?? null, a.company ?? null, a.address ?? null,
              a.city ?? null, a.state ?? null, a.zip ?? null, a.country ?? null, a.phoneNumber ?? null, a.isDefault ? 1 : 0, a.createdAt, a.updatedAt,
            ),
          'conflict',
          DEFAULT_TAKEN,
        ),
      ),
    get: async (merchantId, customerId, id) => {
      const row = db.get<Row>('SELECT * FROM shipping_addresses WHERE id = ? AND customer_id = ? AND merchant_id = ?', Number(id), Number(customerId), merchantId);
      return row ? fromRow(row) : null;
    },
    listForCustomer: async (merchantId, customerId) =>
      db.all<Row>('SELECT * FROM shipping_addresses WHERE customer_id = ? AND merchant_id = ? ORDER BY created_at, id', Number(customerId), merchantId).map(fromRow),
    countForCustomer: async (merchantId, customerId) =>
      db.get<{ n: number }>('SELECT count(*) AS n FROM shipping_addresses WHERE customer_id = ? AND merchant_id = ?', Number(customerId), merchantId)?.n ?? 0,
    ...customerRowPrimitives<Row, ShippingAddressRecord>(x, TABLE, fromRow),
  };
}
