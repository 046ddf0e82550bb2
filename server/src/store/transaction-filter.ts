import type { TransactionState } from '@cim/shared';
import type { Keyset } from './paging.ts';
import type { TransactionFilter } from './types.ts';

/**
 * A transaction's state is derived (domain/transaction-views.ts, transactionState), not stored:
 * each state is one SQL condition over the columns it is derived from, the same on both stores.
 * `cutoff` is the placeholder of the authorisation cutoff (created at or before it: expired);
 * only `authorized` and `expired` use it (usesCutoff), so no store binds a parameter it does not use.
 * The contract suite checks every condition against transactionState() on both stores.
 */
const ANSWERED = "status IN ('approved', 'heldForReview')";
const APPROVED = `status = 'approved' AND voided_at IS NULL`;
const MOVED = `${APPROVED} AND type <> 'refund' AND captured_minor > 0`;
const UNCAPTURED = `${APPROVED} AND type <> 'refund' AND captured_minor = 0`;

const CONDITIONS: Record<TransactionState, (cutoff: string) => string> = {
  pending: () => "status = 'pending'",
  declined: () => "status = 'declined'",
  error: () => "status = 'error'",
  voided: () => `${ANSWERED} AND voided_at IS NOT NULL`,
  heldForReview: () => "status = 'heldForReview' AND voided_at IS NULL",
  refunded: () => `${APPROVED} AND (type = 'refund' OR (captured_minor > 0 AND refunded_minor >= captured_minor))`,
  settled: () => `${MOVED} AND refunded_minor < captured_minor AND batch_id IS NOT NULL`,
  captured: () => `${MOVED} AND refunded_minor < captured_minor AND batch_id IS NULL`,
  expired: (cutoff) => `${UNCAPTURED} AND type = 'authOnly' AND created_at <= ${cutoff}`,
  authorized: (cutoff) => `${UNCAPTURED} AND NOT (type = 'authOnly' AND created_at <= ${cutoff})`,
};

export const usesCutoff = (state: TransactionState) => state === 'expired' || state === 'authorized';

/** The WHERE condition (parenthesised) matching exactly the transactions in `state`. */
export const stateCondition = (state: TransactionState, cutoff: string) => `(${CONDITIONS[state](cutoff)})`;

/** How a store binds a value and names its placeholder (SQLite `?`, PostgreSQL `$n` with a cast). */
export interface Binder {
  text(value: string): string;
  time(value: string): string;
  id(value: string): string;
}

/**
 * The WHERE clause of listForMerchant: the merchant, every filter given, and the keyset position
 * after which the page starts (newest first). Every value is a bound parameter.
 */
export function merchantTransactionsWhere(merchantId: string, f: TransactionFilter, after: Keyset | null, bind: Binder): string {
  const clauses = [`merchant_id = ${bind.text(merchantId)}`];
  if (f.customerId !== undefined) clauses.push(`customer_id = ${bind.id(f.customerId)}`);
  if (f.type !== undefined) clauses.push(`type = ${bind.text(f.type)}`);
  if (f.state !== undefined) clauses.push(stateCondition(f.state, usesCutoff(f.state) ? bind.time(f.authorizationCutoff) : ''));
  if (f.createdFrom !== undefined) clauses.push(`created_at >= ${bind.time(f.createdFrom)}`);
  if (f.createdTo !== undefined) clauses.push(`created_at < ${bind.time(f.createdTo)}`);
  if (after) clauses.push(`(created_at, id) < (${bind.time(after.createdAt)}, ${bind.id(after.id)})`);
  return clauses.join(' AND ');
}
