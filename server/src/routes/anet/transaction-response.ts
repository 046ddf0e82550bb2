import type { ErrorCode, TransactionView } from '@cim/shared';
import { CimError } from '../../errors.ts';
import { AnetError } from './messages.ts';
import type { Json } from './parse.ts';
import { cardTypeName } from './views.ts';

/** The processor-level outcome createTransactionResponse reports. */
export interface TransactionOutcome {
  responseCode: number;
  reasonCode: number;
  reasonText: string;
  authCode?: string | undefined;
  avsResult?: string | undefined;
  cvcResult?: string | undefined;
  transId: string;
  refTransId?: string | undefined;
  accountNumber: string;
  accountType: string;
}

export const outcomeOf = (v: TransactionView, transId = v.id, refTransId = v.refTransactionId): Omit<TransactionOutcome, 'responseCode' | 'reasonCode' | 'reasonText'> => ({
  authCode: v.authCode,
  avsResult: v.avsResult,
  cvcResult: v.cvcResult,
  transId,
  refTransId,
  accountNumber: `XXXX${v.card?.last4 ?? v.bankAccount?.last4 ?? ''}`,
  accountType: v.card ? cardTypeName(v.card.brand) : 'eCheck',
});

/** Approved (1) and held for review (4) are resultCode Ok; declines and errors are E00027, as on Authorize.Net. */
export const succeeded = (o: Pick<TransactionOutcome, 'responseCode'>) => o.responseCode === 1 || o.responseCode === 4;

/** transactionResponse: `messages` on success, `errors` otherwise, both plain lists. */
export function transactionResponse(o: TransactionOutcome, profile?: Json): Json {
  const ok = succeeded(o);
  return {
    responseCode: String(o.responseCode),
    authCode: o.authCode ?? '',
    avsResultCode: o.avsResult ?? 'P',
    cvvResultCode: o.cvcResult ?? '',
    cavvResultCode: '',
    transId: o.transId,
    refTransID: o.refTransId ?? '',
    transHash: '',
    testRequest: '0',
    accountNumber: o.accountNumber,
    accountType: o.accountType,
    ...(ok ? { messages: [{ code: String(o.reasonCode), description: o.reasonText }] } : { errors: [{ errorCode: String(o.reasonCode), errorText: o.reasonText }] }),
    transHashSha2: '',
    ...(profile && { profile }),
  };
}

/** Answers a refused transaction: E00027 with the transactionResponse that says why. */
export function transactionFailure(o: TransactionOutcome, extra: Json = {}): AnetError {
  return new AnetError('E00027', 'The transaction was unsuccessful.', { transactionResponse: transactionResponse(o), ...extra });
}

/** Authorize.Net response reason codes for refusals that happen before the processor is asked. */
const REASONS: Partial<Record<ErrorCode, [number, string]>> = {
  invalid_amount: [5, 'A valid amount is required.'],
  invalid_card_number: [6, 'The credit card number is invalid.'],
  invalid_expiry: [7, 'Credit card expiration date is invalid.'],
  card_expired: [8, 'The credit card has expired.'],
  duplicate_transaction: [11, 'A duplicate transaction has been submitted.'],
  invalid_cvc: [78, 'The Card Code (CVV2/CVC2/CID) is invalid.'],
};

/** For follow-ups (capture, void, refund): the reason code of a refusal by state or amount. */
export type FollowUp = 'capture' | 'void' | 'refund';
const STATE_REASON: Record<FollowUp, number> = { capture: 311, void: 310, refund: 54 };
const AMOUNT_REASON: Record<FollowUp, [number, string]> = {
  capture: [47, 'The amount requested for settlement cannot be greater than the original amount authorized.'],
  void: [47, 'The amount requested for settlement cannot be greater than the original amount authorized.'],
  refund: [55, 'The sum of credits against the referenced transaction would exceed original debit amount.'],
};

/**
 * A domain refusal as the E00027 + transactionResponse the real service gives,
 * or null when it is not a transaction-level refusal (not found, bad token…).
 */
export function refusalOf(error: unknown, followUp?: FollowUp, refTransId?: string): AnetError | null {
  if (!(error instanceof CimError)) return null;
  let reason = REASONS[error.code];
  if (!reason && followUp && error.code === 'transaction_state') reason = [STATE_REASON[followUp], error.message];
  if (!reason && followUp && error.code === 'amount_exceeds_limit') reason = AMOUNT_REASON[followUp];
  if (!reason && followUp && error.code === 'not_found') reason = [16, 'The transaction cannot be found.'];
  if (!reason) return null;
  return transactionFailure({ responseCode: 3, reasonCode: reason[0], reasonText: reason[1], transId: '0', refTransId, accountNumber: '', accountType: '' });
}
