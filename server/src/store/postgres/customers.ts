import { IdTakenError, NotFoundError } from '../../errors.ts';
import type { CustomerRecord, CustomerStore } from '../types.ts';
import { CUSTOMER_COLUMNS as COLUMNS, DUPLICATE_CUSTOMER as DUPLICATE } from '../columns.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import type { Executor } from './database.ts';
import { iso, setClause, valueTuples } from './values.ts';

interface CustomerRow {
  id: string;
  merchant_id: string;
  merchant_customer_id: string | null;
  email: string | null;
  description: string | null;
  profile_type: 'regular' | 'guest';
  created_at: Date;
  updated_at: Date;
}

const fromRow = (r: CustomerRow): CustomerRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id,
  merchantCustomerId: r.merchant_customer_id,
  email: r.email,
  description: r.description,
  profileType: r.profile_type,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export function postgresCustomers(x: Executor): CustomerStore {
  const all = async (sql: string, params: unknown[]) => (await x.query<CustomerRow>(sql, params)).map(fromRow);
  const one = async (merchantId: string, id: string) => (await all('SELECT * FROM customers WHERE merchant_id = $1 AND id = $2', [merchantId, id]))[0] ?? null;
  const insertRows = async (customers: CustomerRecord[]) => {
    const rows = customers.map((c) => [c.merchantId, c.id, c.merchantCustomerId, c.email, c.description, c.profileType, c.createdAt, c.updatedAt]);
    for (const { tuples, params } of valueTuples(rows)) {
      await x.guarded(
        `INSERT INTO customers (merchant_id, id, merchant_customer_id, email, description, profile_type, created_at, updated_at) VALUES ${tuples}`,
        params,
        'duplicate_customer',
        DUPLICATE,
        // A primary-key clash is the random id, not a duplicate customer: the domain draws another id.
        { customers_pkey: () => new IdTakenError('Customer') },
      );
    }
  };
  return {
    insert: (c) => insertRows([c]),
    insertMany: insertRows,
    get: one,
    findBy: async (merchantId, by) => {
      if (by.merchantCustomerId !== undefined && by.email !== undefined) {
        return all('SELECT * FROM customers WHERE merchant_id = $1 AND merchant_customer_id = $2 AND lower(email) = lower($3) ORDER BY created_at, id', [merchantId, by.merchantCustomerId, by.email]);
      }
      if (by.merchantCustomerId !== undefined) {
        return all('SELECT * FROM customers WHERE merchant_id = $1 AND merchant_customer_id = $2 ORDER BY created_at, id', [merchantId, by.merchantCustomerId]);
      }
      if (by.email !== undefined) {
        return all('SELECT * FROM customers WHERE merchant_id = $1 AND lower(email) = lower($2) ORDER BY created_at, id', [merchantId, by.email]);
      }
      return [];
    },
    findByMerchantCustomerIds: async (merchantId, ids) =>
      ids.length === 0
        ? []
        : all('SELECT * FROM customers WHERE merchant_id = $1 AND merchant_customer_id = ANY($2::text[]) ORDER BY created_at, id', [merchantId, ids]),
    findExact: async (merchantId, key) =>
      (
        await all(
          "SELECT * FROM customers WHERE merchant_id = $1 AND coalesce(merchant_customer_id, '') = $2 AND coalesce(email, '') = $3 AND coalesce(description, '') = $4",
          [merchantId, key.merchantCustomerId ?? '', key.email ?? '', key.description ?? ''],
        )
      )[0] ?? null,
    list: async (merchantId, page) => {
      const after = decodeCursor(page.cursor);
      const rows = after
        ? await all('SELECT * FROM customers WHERE merchant_id = $1 AND (created_at, id) > ($2::timestamptz, $3::bigint) ORDER BY created_at, id LIMIT $4', [merchantId, after.createdAt, after.id, page.limit + 1])
        : await all('SELECT * FROM customers WHERE merchant_id = $1 ORDER BY created_at, id LIMIT $2', [merchantId, page.limit + 1]);
      return pageOf(rows, page);
    },
    listIds: async (merchantId) => (await x.query<{ id: string }>('SELECT id FROM customers WHERE merchant_id = $1 ORDER BY created_at, id', [merchantId])).map((r) => String(r.id)),
    update: async (merchantId, id, patch) => {
      const { sets, values, empty } = setClause(patch, COLUMNS, (_, v) => v, 3);
      const [row] = empty
        ? await x.query<CustomerRow>('SELECT * FROM customers WHERE merchant_id = $1 AND id = $2', [merchantId, id])
        : await x.guarded<CustomerRow>(`UPDATE customers SET ${sets} WHERE merchant_id = $1 AND id = $2 RETURNING *`, [merchantId, id, ...values], 'duplicate_customer', DUPLICATE);
      if (!row) throw new NotFoundError('Customer profile');
      return fromRow(row);
    },
    delete: async (merchantId, id) => {
      const rows = await x.query('DELETE FROM customers WHERE merchant_id = $1 AND id = $2 RETURNING id', [merchantId, id]);
      if (rows.length === 0) throw new NotFoundError('Customer profile');
    },
  };
}
