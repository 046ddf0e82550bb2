import { isSettled } from '../../domain/transaction-views.ts';
import type { TransactionRecord } from '../../store/types.ts';
import type { FollowUp } from './transaction-response.ts';

/**
 * Why Authorize.Net would not run a capture, void or refund on `t` as it stands:
 * `done` when the action already happened (an Ok answer with reason 311/310 and
 * the original transId, not an error), `refused` with the reason code otherwise.
 */
export type FollowUpState = { kind: 'done'; reasonCode: 310 | 311 } | { kind: 'refused'; reasonCode: number };

export function followUpState(t: TransactionRecord, action: FollowUp): FollowUpState {
  const approved = t.status === 'approved' && t.type !== 'refund';
  if (action === 'void') {
    if (t.voidedAt !== null) return { kind: 'done', reasonCode: 310 };
    if (!approved && t.status !== 'heldForReview') return { kind: 'refused', reasonCode: 64 };
    // A settled transaction is no longer among the voidable ones: the real service cannot find it to void.
    return { kind: 'refused', reasonCode: isSettled(t) || t.refundedMinor > 0 ? 16 : 120 };
  }
  if (action === 'capture') {
    if (t.voidedAt !== null) return { kind: 'refused', reasonCode: 310 };
    if (approved && t.capturedMinor > 0) return { kind: 'done', reasonCode: 311 };
    if (!approved) return { kind: 'refused', reasonCode: 64 };
    // Uncaptured and approved, so expired (30 days) or another action under way.
    return { kind: 'refused', reasonCode: t.pendingAction !== null ? 120 : 16 };
  }
  return { kind: 'refused', reasonCode: 54 };
}
