import type { ShippingAddressRecord, ShippingAddressStore } from '../types.ts';
import { ADDRESS_FIELDS as FIELDS, SHIPPING_ADDRESS_COLUMNS as COLUMNS, SHIPPING_ADDRESS_DEFAULT_TAKEN as DEFAULT_TAKEN } from '../columns.ts';
import { customerRowPrimitives, type CustomerRowTable } from './customer-rows.ts';
import type { Executor } from './database.ts';
import { iso } from './values.ts';

type AddressColumn = 'first_name' | 'last_name' | 'company' | 'address' | 'city' | 'state' | 'zip' | 'country' | 'phone_number';

type Row = Record<AddressColumn, string | null> & {
  id: string;
  merchant_id: string;
  customer_id: string;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
};

function fromRow(r: Row): ShippingAddressRecord {
  const record: ShippingAddressRecord = {
    id: String(r.id),
    merchantId: r.merchant_id,
    customerId: String(r.customer_id),
    isDefault: r.is_default,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
  for (const [field, column] of Object.entries(FIELDS)) {
    const value = r[column];
    if (typeof value === 'string') record[field as keyof typeof FIELDS] = value;
  }
  return record;
}

const TABLE: CustomerRowTable = { table: 'shipping_addresses', columns: COLUMNS, toColumnValue: (_, value) => value, label: 'Shipping address', defaultTaken: DEFAULT_TAKEN };

export function postgresShippingAddresses(x: Executor): ShippingAddressStore {
  return {
    insert: async (a) => {
      await x.guarded(
        `INSERT INTO shipping_addresses (merchant_id, id, customer_id, first_name, last_name, company, address, city, state, zip, country, phone_number, is_default, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          a.merchantId, a.id, a.customerId, a.firstName ?? null, a.lastName ?? null, a.company ?? null, a.address ?? null,
          a.city ?? null, a.state ?? null, a.zip ?? null, a.country ?? null, a.phoneNumber ?? null, a.isDefault, a.createdAt, a.updatedAt,
        ],
        'conflict',
        DEFAULT_TAKEN,
      );
    },
    ...customerRowPrimitives<Row, ShippingAddressRecord>(x, TABLE, fromRow),
  };
}
