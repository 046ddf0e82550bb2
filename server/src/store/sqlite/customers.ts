import { NotFoundError } from '../../errors.ts';
import type { CustomerRecord, CustomerStore } from '../types.ts';
import { CUSTOMER_COLUMNS as COLUMNS, DUPLICATE_CUSTOMER } from '../columns.ts';
import { idTaken, insertOrDuplicate, type Executor } from './executor.ts';
import { decodeCursor, pageOf } from '../paging.ts';

interface CustomerRow {
  id: number;
  merchant_id: string;
  merchant_customer_id: string | null;
  email: string | null;
  description: string | null;
  profile_type: 'regular' | 'guest';
  created_at: string;
  updated_at: string;
}

const fromRow = (r: CustomerRow): CustomerRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id,
  merchantCustomerId: r.merchant_customer_id,
  email: r.email,
  description: r.description,
  profileType: r.profile_type,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function sqliteCustomers(x: Executor): CustomerStore {
  const { db } = x;
  const insertRow = (c: CustomerRecord) =>
    insertOrDuplicate(
      () =>
        idTaken('customers', 'Customer', () => db.run(
          'INSERT INTO customers (id, merchant_id, merchant_customer_id, email, description, profile_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          Number(c.id), c.merchantId, c.merchantCustomerId, c.email, c.description, c.profileType, c.createdAt, c.updatedAt,
        )),
      'duplicate_customer',
      DUPLICATE_CUSTOMER,
    );
  return {
    insert: (c) => x.write(() => insertRow(c)),
    insertMany: (customers) => x.write(() => customers.forEach(insertRow)),
    get: async (merchantId, id) => {
      const row = db.get<CustomerRow>('SELECT * FROM customers WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
      return row ? fromRow(row) : null;
    },
    findBy: async (merchantId, by) => {
      if (by.merchantCustomerId !== undefined && by.email !== undefined) {
        return db.all<CustomerRow>('SELECT * FROM customers WHERE merchant_id = ? AND merchant_customer_id = ? AND email = ? COLLATE NOCASE ORDER BY created_at, id', merchantId, by.merchantCustomerId, by.email).map(fromRow);
      }
      if (by.merchantCustomerId !== undefined) {
        return db.all<CustomerRow>('SELECT * FROM customers WHERE merchant_id = ? AND merchant_customer_id = ? ORDER BY created_at, id', merchantId, by.merchantCustomerId).map(fromRow);
      }
      if (by.email !== undefined) {
        return db.all<CustomerRow>('SELECT * FROM customers WHERE merchant_id = ? AND email = ? COLLATE NOCASE ORDER BY created_at, id', merchantId, by.email).map(fromRow);
      }
      return [];
    },
    findByMerchantCustomerIds: async (merchantId, ids) =>
      ids.length === 0
        ? []
        : db.all<CustomerRow>('SELECT * FROM customers WHERE merchant_id = ? AND merchant_customer_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id', merchantId, JSON.stringify(ids)).map(fromRow),
    findExact: async (merchantId, key) => {
      const row = db.get<CustomerRow>(
        "SELECT * FROM customers WHERE merchant_id = ? AND ifnull(merchant_customer_id, '') = ? AND ifnull(email, '') = ? AND ifnull(description, '') = ?",
        merchantId, key.merchantCustomerId ?? '', key.email ?? '', key.description ?? '',
      );
      return row ? fromRow(row) : null;
    },
    list: async (merchantId, page) => {
      const after = decodeCursor(page.cursor);
      const rows = after
        ? db.all<CustomerRow>('SELECT * FROM customers WHERE merchant_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?', merchantId, after.createdAt, Number(after.id), page.limit + 1)
        : db.all<CustomerRow>('SELECT * FROM customers WHERE merchant_id = ? ORDER BY created_at, id LIMIT ?', merchantId, page.limit + 1);
      return pageOf(rows.map(fromRow), page);
    },
    listIds: async (merchantId) => db.all<{ id: number }>('SELECT id FROM customers WHERE merchant_id = ? ORDER BY created_at, id', merchantId).map((r) => String(r.id)),
    update: (merchantId, id, patch) =>
      x.write(() => {
        const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && COLUMNS[k]);
        if (entries.length > 0) {
          const sets = entries.map(([k]) => `${COLUMNS[k]} = ?`).join(', ');
          insertOrDuplicate(
            () => db.run(`UPDATE customers SET ${sets} WHERE id = ? AND merchant_id = ?`, ...entries.map(([, v]) => v as string | null), Number(id), merchantId),
            'duplicate_customer',
            DUPLICATE_CUSTOMER,
          );
        }
        const row = db.get<CustomerRow>('SELECT * FROM customers WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
        if (!row) throw new NotFoundError('Customer profile');
        return fromRow(row);
      }),
    delete: (merchantId, id) =>
      x.write(() => {
        const { changes } = db.run('DELETE FROM customers WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
        if (changes === 0) throw new NotFoundError('Customer profile');
      }),
  };
}
