import type { SQLInputValue } from 'node:sqlite';
import { NotFoundError } from '../../errors.ts';
import type { SubscriptionOccurrenceRecord, SubscriptionRecord, SubscriptionStore } from '../types.ts';
import { insertOrDuplicate, type Executor } from './executor.ts';

type Row = Record<string, SQLInputValue>;

const idOrNull = (v: SQLInputValue) => (v === null ? null : String(v));
const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Record field → column, and how to store it. */
const FIELDS: Array<[keyof SubscriptionRecord, string, (v: unknown) => SQLInputValue]> = [
  ['name', 'name', (v) => (v ?? null) as SQLInputValue],
  ['status', 'status', (v) => v as SQLInputValue],
  ['intervalLength', 'interval_length', (v) => v as SQLInputValue],
  ['intervalUnit', 'interval_unit', (v) => v as SQLInputValue],
  ['startDate', 'start_date', (v) => v as SQLInputValue],
  ['totalOccurrences', 'total_occurrences', (v) => v as SQLInputValue],
  ['trialOccurrences', 'trial_occurrences', (v) => v as SQLInputValue],
  ['amountMinor', 'amount_minor', (v) => v as SQLInputValue],
  ['trialAmountMinor', 'trial_amount_minor', (v) => v as SQLInputValue],
  ['currency', 'currency', (v) => v as SQLInputValue],
  ['customerId', 'customer_id', (v) => Number(v)],
  ['paymentProfileId', 'payment_profile_id', (v) => Number(v)],
  ['shippingAddressId', 'shipping_address_id', numberOrNull],
  ['orderId', 'order_id', (v) => (v ?? null) as SQLInputValue],
  ['description', 'description', (v) => (v ?? null) as SQLInputValue],
  ['nextOccurrence', 'next_occurrence', (v) => v as SQLInputValue],
  ['nextDueDate', 'next_due_date', (v) => (v ?? null) as SQLInputValue],
  ['updatedAt', 'updated_at', (v) => v as SQLInputValue],
];
const COLUMN = new Map(FIELDS.map(([f, c, e]) => [f as string, [c, e] as const]));

const fromRow = (r: Row): SubscriptionRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id as string,
  name: r.name as string | null,
  status: r.status as SubscriptionRecord['status'],
  intervalLength: r.interval_length as number,
  intervalUnit: r.interval_unit as SubscriptionRecord['intervalUnit'],
  startDate: r.start_date as string,
  totalOccurrences: r.total_occurrences as number,
  trialOccurrences: r.trial_occurrences as number,
  amountMinor: r.amount_minor as number,
  trialAmountMinor: r.trial_amount_minor as number,
  currency: r.currency as string,
  customerId: String(r.customer_id),
  paymentProfileId: String(r.payment_profile_id),
  shippingAddressId: idOrNull(r.shipping_address_id ?? null),
  orderId: r.order_id as string | null,
  description: r.description as string | null,
  nextOccurrence: r.next_occurrence as number,
  nextDueDate: r.next_due_date as string | null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const occurrenceFromRow = (r: Row): SubscriptionOccurrenceRecord => ({
  subscriptionId: String(r.subscription_id),
  occurrence: r.occurrence as number,
  merchantId: r.merchant_id as string,
  dueDate: r.due_date as string,
  amountMinor: r.amount_minor as number,
  claimedAt: r.claimed_at as string,
  transactionId: idOrNull(r.transaction_id ?? null),
});

const INSERT_SQL = `INSERT INTO subscriptions (id, merchant_id, created_at, ${FIELDS.map(([, c]) => c).join(', ')}) VALUES (${['?', '?', '?', ...FIELDS.map(() => '?')].join(', ')})`;

export function sqliteSubscriptions(x: Executor): SubscriptionStore {
  const { db } = x;
  const updateRow = (merchantId: string, id: string, patch: Partial<SubscriptionRecord>, condition: string, extra: SQLInputValue[]) => {
    const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && COLUMN.has(k));
    if (entries.length === 0) return db.get<Row>('SELECT * FROM subscriptions WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
    const sets = entries.map(([k]) => `${COLUMN.get(k)![0]} = ?`).join(', ');
    return db.get<Row>(`UPDATE subscriptions SET ${sets} WHERE id = ? AND merchant_id = ? ${condition} RETURNING *`, ...entries.map(([k, v]) => COLUMN.get(k)![1](v)), Number(id), merchantId, ...extra);
  };
  return {
    insert: (s) =>
      x.write(() =>
        insertOrDuplicate(() => db.run(INSERT_SQL, Number(s.id), s.merchantId, s.createdAt, ...FIELDS.map(([f, , encode]) => encode(s[f]))), 'conflict', 'A subscription with this id already exists.'),
      ),
    get: async (merchantId, id) => {
      const row = db.get<Row>('SELECT * FROM subscriptions WHERE id = ? AND merchant_id = ?', Number(id), merchantId);
      return row ? fromRow(row) : null;
    },
    update: (merchantId, id, patch) =>
      x.write(() => {
        const row = updateRow(merchantId, id, patch, '', []);
        if (!row) throw new NotFoundError('Subscription');
        return fromRow(row);
      }),
    advance: (merchantId, id, expected, patch) =>
      x.write(() => {
        const row = updateRow(merchantId, id, patch, 'AND next_occurrence = ?', [expected]);
        return row ? fromRow(row) : null;
      }),
    listForMerchant: async (merchantId) => db.all<Row>('SELECT * FROM subscriptions WHERE merchant_id = ? ORDER BY created_at, id', merchantId).map(fromRow),
    listDue: async (date, limit) =>
      db.all<Row>("SELECT * FROM subscriptions WHERE status = 'active' AND next_due_date IS NOT NULL AND next_due_date <= ? ORDER BY next_due_date, id LIMIT ?", date, limit).map(fromRow),
    claimOccurrence: (o) =>
      x.write(
        () =>
          db.run(
            `INSERT INTO subscription_occurrences (subscription_id, occurrence, merchant_id, due_date, amount_minor, claimed_at, transaction_id)
               VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (subscription_id, occurrence) DO NOTHING`,
            Number(o.subscriptionId), o.occurrence, o.merchantId, o.dueDate, o.amountMinor, o.claimedAt,
          ).changes === 1,
      ),
    finishOccurrence: (merchantId, subscriptionId, occurrence, transactionId) =>
      x.write(() => {
        db.run('UPDATE subscription_occurrences SET transaction_id = ? WHERE merchant_id = ? AND subscription_id = ? AND occurrence = ?', Number(transactionId), merchantId, Number(subscriptionId), occurrence);
      }),
    listOccurrences: async (merchantId, subscriptionId) =>
      db.all<Row>('SELECT * FROM subscription_occurrences WHERE merchant_id = ? AND subscription_id = ? ORDER BY occurrence', merchantId, Number(subscriptionId)).map(occurrenceFromRow),
    listUnfinishedOccurrences: async (before, limit) =>
      db.all<Row>('SELECT * FROM subscription_occurrences WHERE transaction_id IS NULL AND claimed_at < ? ORDER BY claimed_at LIMIT ?', before, limit).map(occurrenceFromRow),
  };
}
