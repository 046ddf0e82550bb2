import type { Address, CardBrand } from '@cim/shared';

/**
 * The contract between CIM and a payment gateway. CIM owns customers, profiles,
 * amounts and the transaction state machine; a processor only moves money.
 *
 * Every call carries a `reference` chosen by CIM (our transaction id, or our
 * transaction id plus the action). A connector MUST be idempotent on it: a second
 * call with the same reference returns the first call's outcome and never moves
 * money twice. That is what lets CIM retry a call whose answer was lost.
 *
 * Card data in a request is decrypted just for the call; a connector must not
 * log, persist or cache it (the security code especially).
 */
export interface Processor {
  /** Short name recorded on each transaction, e.g. "sandbox". */
  readonly name: string;
  /** Authorises (and with `capture: true` also captures) an amount on a card or bank account. */
  authorize(request: AuthorizeRequest): Promise<ProcessorResult>;
  /** Captures a prior authorisation, for at most the authorised amount. */
  capture(request: FollowUpRequest & { amountMinor: number }): Promise<ProcessorResult>;
  /** Cancels an unsettled authorisation or capture. */
  void(request: FollowUpRequest): Promise<ProcessorResult>;
  /** Returns (part of) a captured amount. */
  refund(request: FollowUpRequest & { amountMinor: number }): Promise<ProcessorResult>;
  /** Pays money to a card or bank account with no original transaction (Authorize.Net's unlinked credit). */
  credit(request: CreditRequest): Promise<ProcessorResult>;
  /**
   * Releases (`approve`) or cancels (`decline`) a transaction the processor held
   * for review (Authorize.Net's updateHeldTransaction). Answers `approved` when
   * the money now moves as first asked, `declined` when it never will; the first
   * decision made under a reference stands.
   */
  review(request: FollowUpRequest & { decision: ReviewDecision }): Promise<ProcessorResult>;
}

export type ReviewDecision = 'approve' | 'decline';

export type PaymentMethod =
  | { type: 'card'; number: string; expMonth: number; expYear: number; brand: CardBrand; /** Present only for this call; never stored. */ cvc?: string }
  | { type: 'bankAccount'; routingNumber: string; accountNumber: string; accountType: 'checking' | 'savings' | 'businessChecking'; nameOnAccount: string };

export interface AuthorizeRequest {
  /** Idempotency reference: CIM's transaction id. */
  reference: string;
  merchantId: string;
  /** Integer minor units (cents); 0 only for account verification. */
  amountMinor: number;
  currency: string;
  /** true: authorise and capture in one step (authCapture). */
  capture: boolean;
  payment: PaymentMethod;
  billTo: Address;
  shipTo?: Address | undefined;
  orderId?: string | undefined;
  description?: string | undefined;
  /**
   * true when CIM may have sent this reference before (it is resuming a transaction whose answer
   * was lost): a connector whose gateway is not idempotent on the reference looks it up first.
   */
  retry?: boolean | undefined;
  /**
   * captureOnly: the issuer already authorised this amount elsewhere (by phone, another
   * terminal) under this code; capture it without a new authorisation.
   */
  authCode?: string | undefined;
}

export interface CreditRequest {
  /** Idempotency reference: the credit's own transaction id. */
  reference: string;
  merchantId: string;
  amountMinor: number;
  currency: string;
  payment: PaymentMethod;
  billTo: Address;
}

export interface FollowUpRequest {
  /** Idempotency reference for this action (e.g. "<transactionId>:capture", or the refund's own id). */
  reference: string;
  merchantId: string;
  /** The processor's id of the original authorisation. */
  processorTransactionId: string;
  currency: string;
  /** The original's account, masked: what a gateway asks of a refund (Authorize.Net: last four digits). */
  account?: { type: 'card' | 'bankAccount'; last4: string } | undefined;
  /** As in AuthorizeRequest: CIM may have sent this reference before. */
  retry?: boolean | undefined;
}

/** Authorize.Net-style result codes, so the compatible API can pass them straight through. */
export const RESPONSE_CODES = { approved: 1, declined: 2, error: 3, heldForReview: 4 } as const;
export type ProcessorStatus = keyof typeof RESPONSE_CODES;

/** AVS result letters (Authorize.Net / card-network meanings). */
export const AVS_RESULTS = {
  A: 'Address matches, ZIP does not',
  B: 'Address not provided for AVS check',
  E: 'AVS error',
  G: 'Non-U.S. card issuing bank',
  N: 'No match on address or ZIP',
  P: 'AVS not applicable for this transaction',
  R: 'Retry: AVS system unavailable',
  S: 'AVS not supported by card issuer',
  U: 'Address information unavailable',
  W: 'Nine-digit ZIP matches, address does not',
  X: 'Address and nine-digit ZIP match',
  Y: 'Address and five-digit ZIP match',
  Z: 'Five-digit ZIP matches, address does not',
} as const;
export type AvsResult = keyof typeof AVS_RESULTS;

/** Card code (CVV2/CVC2/CID) result letters. */
export const CVC_RESULTS = {
  M: 'Match',
  N: 'No match',
  P: 'Not processed',
  S: 'Should have been present',
  U: 'Issuer unable to process request',
} as const;
export type CvcResult = keyof typeof CVC_RESULTS;

/** Why a card was declined, finer than Authorize.Net's reason codes (several declines share reason 2). */
export type DeclineCode = 'generic' | 'insufficientFunds' | 'expiredCard' | 'cvcMismatch' | 'avsMismatch' | 'bankAccountLimit';

export interface ProcessorResult {
  status: ProcessorStatus;
  responseCode: (typeof RESPONSE_CODES)[ProcessorStatus];
  /** Authorize.Net response reason code: 1 approved, 2 declined, 8 expired, 19 processing error, 44 card code, 252 review… */
  reasonCode: number;
  reasonText: string;
  declineCode?: DeclineCode | undefined;
  authCode?: string | undefined;
  avsResult?: AvsResult | undefined;
  cvcResult?: CvcResult | undefined;
  /** The processor's own id for the authorisation (needed for capture, void, refund). */
  processorTransactionId?: string | undefined;
}

/**
 * The call's outcome is unknown: it timed out or the connection broke after the
 * request was sent. CIM leaves the transaction pending and resolves it later by
 * repeating the call with the same reference.
 */
export class ProcessorTimeoutError extends Error {
  constructor(message = 'The processor did not answer in time.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
