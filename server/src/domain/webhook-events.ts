import { randomInt } from 'node:crypto';
import { CimError } from '../errors.ts';
import type { WebhookEventType } from '@cim/shared';
import type { CustomerRecord, PaymentProfileRecord, Stores, TransactionRecord } from '../store/types.ts';
import type { DomainContext } from './context.ts';
import { transactionView } from './transaction-views.ts';

/**
 * Event ids: milliseconds since 1970 then three digits, so they sort by time and fit a record id
 * (16 digits); the last three count on from a random start, so ids made in one millisecond differ.
 */
let sequence = randomInt(1000);
export function newEventId(now: Date): string {
  sequence = (sequence + 1) % 1000;
  return `${now.getTime()}${String(sequence).padStart(3, '0')}`;
}

/**
 * The outbox: appends an event, and its deliveries, inside the transaction that makes the change,
 * so an event exists exactly when its change committed. `data` holds ids and masked data only.
 */
export async function emit(ctx: Pick<DomainContext, 'merchantId' | 'clock'>, tx: Pick<Stores, 'webhooks'>, type: WebhookEventType, data: object): Promise<void> {
  const now = ctx.clock.now();
  const event = { merchantId: ctx.merchantId, type, payload: JSON.stringify(data), createdAt: now.toISOString() };
  // Another instance may have taken the id in the same millisecond: take the next (then random ones) until one is free.
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = attempt < 10 ? newEventId(now) : String(randomInt(1_000_000_000_000_000, 1_000_281_474_976_710));
    if (await tx.webhooks.appendEvent({ ...event, id })) return;
  }
  throw new CimError('conflict', 'No free event id; try again.');
}

/**
 * Ids only: the log outlives a deleted customer, so no email or description goes into it
 * (receivers read those from GET /v1/customers/:id).
 */
export const customerEventData = (c: CustomerRecord) => ({ id: c.id, merchantCustomerId: c.merchantCustomerId, profileType: c.profileType });

/** Brand and last four of a card (account type and last four of a bank account); never more. */
export function paymentProfileEventData(p: PaymentProfileRecord, expiry?: { expMonth: number; expYear: number }) {
  return {
    id: p.id,
    customerProfileId: p.customerId,
    ...(p.type === 'card' ? { card: { brand: p.brand ?? 'unknown', last4: p.last4, ...expiry } } : { bankAccount: { accountType: p.accountType ?? p.brand ?? 'checking', last4: p.last4 } }),
    isDefault: p.isDefault,
  };
}

/** The transaction as GET /v1/transactions/:id shows it (masked). */
export const transactionEventData = (t: TransactionRecord, now: Date) => transactionView(t, now);

const OUTCOME_EVENTS: Partial<Record<TransactionRecord['status'], WebhookEventType>> = {
  approved: 'transaction.approved',
  declined: 'transaction.declined',
  heldForReview: 'transaction.held',
};

/** The event for a processor's answer just recorded (a refund approved is transaction.refunded); none for an error. */
export function emitOutcome(ctx: Pick<DomainContext, 'merchantId' | 'clock'>, tx: Pick<Stores, 'webhooks'>, t: TransactionRecord): Promise<void> {
  const type = t.type === 'refund' && t.status === 'approved' ? 'transaction.refunded' : OUTCOME_EVENTS[t.status];
  return type ? emit(ctx, tx, type, transactionEventData(t, ctx.clock.now())) : Promise.resolve();
}
