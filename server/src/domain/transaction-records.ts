import type { TransactionRecord } from '../store/types.ts';

/** The fields of a transaction the processor has not answered yet: nothing moved, no result, no card kept, not settled. */
export const UNANSWERED = {
  status: 'pending',
  capturedMinor: 0,
  refundedMinor: 0,
  refundReservedMinor: 0,
  pendingAction: null,
  pendingAmountMinor: null,
  pendingReference: null,
  capturedAt: null,
  voidedAt: null,
  responseCode: null,
  reasonCode: null,
  reasonText: null,
  declineCode: null,
  authCode: null,
  avsResult: null,
  cvcResult: null,
  processorTransactionId: null,
  cardNumberCt: null,
  cardExpiryCt: null,
  cardRetainedUntil: null,
  keyVersion: null,
  batchId: null,
  settledAt: null,
} as const satisfies Partial<TransactionRecord>;
