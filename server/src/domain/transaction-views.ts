import type { CardBrand, TransactionState, TransactionView } from '@cim/shared';
import type { TransactionRecord } from '../store/types.ts';
import { reasonText } from '../processor/reason-codes.ts';
import { formatAmount } from './money.ts';

const DAY_MS = 86_400_000;
/** An authorisation not captured within 30 days can no longer be captured (Authorize.Net's rule). */
export const AUTHORIZATION_LIFETIME_MS = 30 * DAY_MS;

/** Settled once its batch closed (domain/settlement.ts): from then on it can be refunded, no longer voided. */
export const isSettled = (t: TransactionRecord) => t.batchId !== null;

export const authorizationExpired = (t: TransactionRecord, now: Date) =>
  t.type === 'authOnly' && t.capturedMinor === 0 && now.getTime() - new Date(t.createdAt).getTime() >= AUTHORIZATION_LIFETIME_MS;

export function transactionState(t: TransactionRecord, now: Date): TransactionState {
  if (t.status === 'pending' || t.status === 'declined' || t.status === 'error') return t.status;
  if (t.voidedAt !== null) return 'voided';
  if (t.status === 'heldForReview') return 'heldForReview';
  if (t.type === 'refund') return 'refunded';
  if (t.capturedMinor > 0) {
    if (t.refundedMinor >= t.capturedMinor) return 'refunded';
    return isSettled(t) ? 'settled' : 'captured';
  }
  return authorizationExpired(t, now) ? 'expired' : 'authorized';
}

/** While the processor's answer is unknown the record carries Authorize.Net's "try again" result (reason 120, its official text). */
const PENDING_RESULT = { responseCode: 3, reasonCode: 120, reasonText: reasonText(120) } as const;

/** The API's view of a transaction: masked payment data, amounts as decimal strings. */
export function transactionView(t: TransactionRecord, now: Date): TransactionView {
  const result = t.responseCode === null ? PENDING_RESULT : { responseCode: t.responseCode as 1 | 2 | 3 | 4, reasonCode: t.reasonCode ?? 0, reasonText: t.reasonText ?? '' };
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    state: transactionState(t, now),
    amount: formatAmount(t.amountMinor, t.currency),
    currency: t.currency,
    capturedAmount: formatAmount(t.capturedMinor, t.currency),
    refundedAmount: formatAmount(t.refundedMinor, t.currency),
    ...result,
    ...(t.declineCode !== null && { declineCode: t.declineCode }),
    ...(t.authCode !== null && { authCode: t.authCode }),
    ...(t.avsResult !== null && { avsResult: t.avsResult }),
    ...(t.cvcResult !== null && { cvcResult: t.cvcResult }),
    ...(t.customerId !== null && { customerProfileId: t.customerId }),
    ...(t.paymentProfileId !== null && { paymentProfileId: t.paymentProfileId }),
    ...(t.shippingAddressId !== null && { shippingAddressId: t.shippingAddressId }),
    ...(t.parentId !== null && { refTransactionId: t.parentId }),
    ...(t.paymentType === 'card'
      ? { card: { brand: (t.brand ?? 'unknown') as CardBrand, last4: t.last4 } }
      : { bankAccount: { accountType: t.brand ?? 'checking', last4: t.last4 } }),
    ...(t.orderId !== null && { orderId: t.orderId }),
    ...(t.description !== null && { description: t.description }),
    ...(t.pendingAction !== null && { pendingAction: t.pendingAction }),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}
