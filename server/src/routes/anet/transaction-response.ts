import type { ErrorCode, TransactionView } from '@cim/shared';
import { CimError } from '../../errors.ts';
import { reason } from '../../processor/reason-codes.ts';
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

/** E00027 for a request refused before any processor call: response code 3, the reason, no transaction. */
export function reasonRefusal(code: number, refTransId?: string): AnetError {
  const [reasonCode, reasonText] = reason(code);
  return transactionFailure({ responseCode: 3, reasonCode, reasonText, transId: '0', refTransId, accountNumber: '', accountType: '' });
}

/** Authorize.Net response reason codes for refusals that happen before the processor is asked. */
const REASONS: Partial<Record<ErrorCode, [number, string]>> = {
  invalid_amount: reason(5),
  invalid_card_number: reason(6),
  invalid_expiry: reason(7),
  card_expired: reason(8),
  duplicate_transaction: reason(11),
  invalid_cvc: reason(78),
};

/** For follow-ups (capture, void, refund): the reason code of a refusal by amount (state: follow-up-state.ts). */
export type FollowUp = 'capture' | 'void' | 'refund';
const AMOUNT_REASON: Record<FollowUp, [number, string]> = { capture: reason(47), void: reason(47), refund: reason(55) };

/**
 * A domain refusal as the E00027 + transactionResponse the real service gives,
 * or null when it is not a transaction-level refusal (not found, bad token…).
 */
export function refusalOf(error: unknown, followUp?: FollowUp, refTransId?: string): AnetError | null {
  if (!(error instanceof CimError)) return null;
  let found = REASONS[error.code];
  if (!found && followUp && error.code === 'amount_exceeds_limit') found = AMOUNT_REASON[followUp];
  if (!found && followUp && error.code === 'not_found') found = reason(16);
  if (!found) return null;
  return reasonRefusal(found[0], refTransId);
}
