import { NotFoundError } from '../../errors.ts';
import type { Executor } from './database.ts';
import { setClause } from './values.ts';

/**
 * Rows owned by a customer, at most one of them the default (payment profiles,
 * shipping addresses): the primitives they share.
 */
export interface CustomerRowTable {
  table: 'payment_profiles' | 'shipping_addresses';
  /** Record field → column. */
  columns: Record<string, string>;
  toColumnValue(field: string, value: unknown): unknown;
  /** "Payment profile", for the not-found error. */
  label: string;
  /** Message when the one-default index refuses a second default. */
  defaultTaken: string;
}

export function customerRowPrimitives<Row, Rec>(x: Executor, spec: CustomerRowTable, fromRow: (row: Row) => Rec) {
  const where = 'WHERE merchant_id = $1 AND customer_id = $2 AND id = $3';
  const all = async (sql: string, params: unknown[]) => (await x.query<Row>(sql, params)).map(fromRow);
  return {
    get: async (merchantId: string, customerId: string, id: string): Promise<Rec | null> => (await all(`SELECT * FROM ${spec.table} ${where}`, [merchantId, customerId, id]))[0] ?? null,
    listForCustomer: (merchantId: string, customerId: string): Promise<Rec[]> =>
      all(`SELECT * FROM ${spec.table} WHERE merchant_id = $1 AND customer_id = $2 ORDER BY created_at, id`, [merchantId, customerId]),
    countForCustomer: async (merchantId: string, customerId: string): Promise<number> =>
      (await x.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${spec.table} WHERE merchant_id = $1 AND customer_id = $2`, [merchantId, customerId]))[0]?.n ?? 0,
    update: async (merchantId: string, customerId: string, id: string, patch: object): Promise<Rec> => {
      const { sets, values, empty } = setClause(patch, spec.columns, spec.toColumnValue, 4);
      const [row] = empty
        ? await x.query<Row>(`SELECT * FROM ${spec.table} ${where}`, [merchantId, customerId, id])
        : await x.guarded<Row>(`UPDATE ${spec.table} SET ${sets} ${where} RETURNING *`, [merchantId, customerId, id, ...values], 'conflict', spec.defaultTaken);
      if (!row) throw new NotFoundError(spec.label);
      return fromRow(row);
    },
    clearDefault: async (merchantId: string, customerId: string): Promise<void> => {
      await x.query(`UPDATE ${spec.table} SET is_default = false WHERE merchant_id = $1 AND customer_id = $2 AND is_default`, [merchantId, customerId]);
    },
    delete: async (merchantId: string, customerId: string, id: string): Promise<void> => {
      const rows = await x.query(`DELETE FROM ${spec.table} ${where} RETURNING id`, [merchantId, customerId, id]);
      if (rows.length === 0) throw new NotFoundError(spec.label);
    },
  };
}
