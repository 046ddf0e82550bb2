import type { SQLInputValue } from 'node:sqlite';
import { NotFoundError } from '../../errors.ts';
import { insertOrDuplicate, type Executor } from './executor.ts';

/**
 * Rows owned by a customer, at most one of them the default (payment profiles,
 * shipping addresses): the update, clear-default and delete primitives they share.
 */
export interface CustomerRowTable {
  table: 'payment_profiles' | 'shipping_addresses';
  /** Record field → column. */
  columns: Record<string, string>;
  toColumnValue(field: string, value: unknown): SQLInputValue;
  /** "Payment profile", for the not-found error. */
  label: string;
  /** Message when the one-default index refuses a second default. */
  defaultTaken: string;
}

export function customerRowPrimitives<Row, Rec>(x: Executor, spec: CustomerRowTable, fromRow: (row: Row) => Rec) {
  const { db } = x;
  const where = 'WHERE id = ? AND customer_id = ? AND merchant_id = ?';
  return {
    update: (merchantId: string, customerId: string, id: string, patch: object): Promise<Rec> =>
      x.write(() => {
        const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && spec.columns[k]);
        const sets = entries.map(([k]) => `${spec.columns[k]} = ?`).join(', ');
        const keys = [Number(id), Number(customerId), merchantId];
        let row: Row | undefined;
        insertOrDuplicate(
          () => {
            row = entries.length
              ? db.get<Row>(`UPDATE ${spec.table} SET ${sets} ${where} RETURNING *`, ...entries.map(([k, v]) => spec.toColumnValue(k, v)), ...keys)
              : db.get<Row>(`SELECT * FROM ${spec.table} ${where}`, ...keys);
          },
          'conflict',
          spec.defaultTaken,
        );
        if (!row) throw new NotFoundError(spec.label);
        return fromRow(row);
      }),
    clearDefault: (merchantId: string, customerId: string): Promise<void> =>
      x.write(() => {
        db.run(`UPDATE ${spec.table} SET is_default = 0 WHERE customer_id = ? AND merchant_id = ? AND is_default = 1`, Number(customerId), merchantId);
      }),
    delete: (merchantId: string, customerId: string, id: string): Promise<void> =>
      x.write(() => {
        const { changes } = db.run(`DELETE FROM ${spec.table} ${where}`, Number(id), Number(customerId), merchantId);
        if (changes === 0) throw new NotFoundError(spec.label);
      }),
  };
}
