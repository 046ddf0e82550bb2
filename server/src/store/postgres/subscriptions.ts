import { NotFoundError } from '../../errors.ts';
import type { SubscriptionOccurrenceRecord, SubscriptionRecord, SubscriptionStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { idOrNull, iso, num } from './values.ts';

type Row = Record<string, unknown>;

/** A `date` column back to YYYY-MM-DD: the driver parses it as UTC midnight. */
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const dayOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : day(v));

/** Record field → column, for every field but the key (merchant_id, id) and created_at. */
const COLUMNS: Record<string, string> = Object.fromEntries(
  ([
    'name', 'status', 'intervalLength', 'intervalUnit', 'startDate', 'totalOccurrences', 'trialOccurrences', 'amountMinor', 'trialAmountMinor',
    'currency', 'customerId', 'paymentProfileId', 'shippingAddressId', 'orderId', 'description', 'nextOccurrence', 'nextDueDate', 'updatedAt',
  ] as const).map((field) => [field, field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)]),
);
const FIELDS = Object.keys(COLUMNS);
const INSERT_SQL = `INSERT INTO subscriptions (merchant_id, id, created_at, ${FIELDS.map((f) => COLUMNS[f]).join(', ')})
  VALUES ($1, $2, $3, ${FIELDS.map((_, i) => `$${i + 4}`).join(', ')})`;

const fromRow = (r: Row): SubscriptionRecord => ({
  id: String(r.id),
  merchantId: r.merchant_id as string,
  name: r.name as string | null,
  status: r.status as SubscriptionRecord['status'],
  intervalLength: r.interval_length as number,
  intervalUnit: r.interval_unit as SubscriptionRecord['intervalUnit'],
  startDate: day(r.start_date),
  totalOccurrences: r.total_occurrences as number,
  trialOccurrences: r.trial_occurrences as number,
  amountMinor: num(r.amount_minor),
  trialAmountMinor: num(r.trial_amount_minor),
  currency: r.currency as string,
  customerId: String(r.customer_id),
  paymentProfileId: String(r.payment_profile_id),
  shippingAddressId: idOrNull(r.shipping_address_id),
  orderId: r.order_id as string | null,
  description: r.description as string | null,
  nextOccurrence: r.next_occurrence as number,
  nextDueDate: dayOrNull(r.next_due_date),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const occurrenceFromRow = (r: Row): SubscriptionOccurrenceRecord => ({
  subscriptionId: String(r.subscription_id),
  occurrence: r.occurrence as number,
  merchantId: r.merchant_id as string,
  dueDate: day(r.due_date),
  amountMinor: num(r.amount_minor),
  claimedAt: iso(r.claimed_at),
  transactionId: idOrNull(r.transaction_id),
});

export function postgresSubscriptions(x: Executor): SubscriptionStore {
  const all = async (sql: string, params: unknown[]) => (await x.query<Row>(sql, params)).map(fromRow);
  const get = async (merchantId: string, id: string) => (await all('SELECT * FROM subscriptions WHERE merchant_id = $1 AND id = $2', [merchantId, id]))[0] ?? null;
  /** One UPDATE … RETURNING (the row after the change, or null if none matched); with nothing to set, the row as it is. */
  const updateRow = async (merchantId: string, id: string, patch: object, condition: string, extra: unknown[]) => {
    const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && COLUMNS[k]);
    if (entries.length === 0) return get(merchantId, id);
    const first = 3 + extra.length;
    const sets = entries.map(([k], i) => `${COLUMNS[k]} = $${first + i}`).join(', ');
    const rows = await all(`UPDATE subscriptions SET ${sets} WHERE merchant_id = $1 AND id = $2 ${condition} RETURNING *`, [merchantId, id, ...extra, ...entries.map(([, v]) => v ?? null)]);
    return rows[0] ?? null;
  };
  return {
    insert: async (s) => {
      const record = s as unknown as Record<string, unknown>;
      await x.guarded(INSERT_SQL, [s.merchantId, s.id, s.createdAt, ...FIELDS.map((f) => record[f] ?? null)], 'conflict', 'A subscription with this id already exists.');
    },
    get,
    update: async (merchantId, id, patch) => {
      const row = await updateRow(merchantId, id, patch, '', []);
      if (!row) throw new NotFoundError('Subscription');
      return row;
    },
    // Compare-and-set on next_occurrence: of two schedulers moving the same subscription on, one wins.
    advance: (merchantId, id, expected, patch) => updateRow(merchantId, id, patch, 'AND next_occurrence = $3', [expected]),
    listForMerchant: (merchantId) => all('SELECT * FROM subscriptions WHERE merchant_id = $1 ORDER BY created_at, id', [merchantId]),
    // The scheduler's sweep across merchants (subscriptions_due).
    listDue: (date, limit) =>
      all("SELECT * FROM subscriptions WHERE status = 'active' AND next_due_date IS NOT NULL AND next_due_date <= $1 ORDER BY next_due_date, id LIMIT $2", [date, limit]),
    // Insert-or-nothing on the primary key: the one instance whose insert lands charges the occurrence.
    claimOccurrence: async (o) =>
      (await affected(
        x,
        `INSERT INTO subscription_occurrences (merchant_id, subscription_id, occurrence, due_date, amount_minor, claimed_at, transaction_id)
           VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT (merchant_id, subscription_id, occurrence) DO NOTHING`,
        [o.merchantId, o.subscriptionId, o.occurrence, o.dueDate, o.amountMinor, o.claimedAt],
      )) === 1,
    finishOccurrence: async (merchantId, subscriptionId, occurrence, transactionId) => {
      await x.query('UPDATE subscription_occurrences SET transaction_id = $4 WHERE merchant_id = $1 AND subscription_id = $2 AND occurrence = $3', [merchantId, subscriptionId, occurrence, transactionId]);
    },
    listOccurrences: async (merchantId, subscriptionId) =>
      (await x.query<Row>('SELECT * FROM subscription_occurrences WHERE merchant_id = $1 AND subscription_id = $2 ORDER BY occurrence', [merchantId, subscriptionId])).map(occurrenceFromRow),
    listUnfinishedOccurrences: async (before, limit) =>
      (await x.query<Row>('SELECT * FROM subscription_occurrences WHERE transaction_id IS NULL AND claimed_at < $1 ORDER BY claimed_at LIMIT $2', [before, limit])).map(occurrenceFromRow),
  };
}
