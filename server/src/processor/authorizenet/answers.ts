import { REASON_CODES, reasonText } from '../reason-codes.ts';
import { AVS_RESULTS, CVC_RESULTS, ProcessorTimeoutError, RESPONSE_CODES, type AvsResult, type CvcResult, type DeclineCode, type ProcessorResult, type ProcessorStatus } from '../types.ts';
import type { Json } from './http.ts';

/*
 * Authorize.Net answers → CIM's ProcessorResult. responseCode 1 approved, 2 declined, 3 error,
 * 4 held for review; the reason code and text come from transactionResponse.messages (success) or
 * .errors (refusal); AVS and card-code letters pass through when they are ones CIM knows.
 */

const STATUSES: Readonly<Record<string, ProcessorStatus>> = { '1': 'approved', '2': 'declined', '3': 'error', '4': 'heldForReview' };

/** Finer decline reasons where Authorize.Net's reason code says it. */
const DECLINES: Readonly<Record<number, DeclineCode>> = { 8: 'expiredCard', 27: 'avsMismatch', 44: 'cvcMismatch', 45: 'cvcMismatch', 65: 'cvcMismatch' };

/** Request-level errors (no transactionResponse) that mean nothing was done: the credentials, or the request itself. */
const REFUSED_REQUESTS: Readonly<Record<string, number>> = { E00007: 13, E00008: 13, E00011: 123, E00003: 290, E00013: 290, E00014: 290, E00015: 290, E00027: 170, E00029: 290 };

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const first = (v: unknown): Json | undefined => obj(Array.isArray(v) ? v[0] : v);

const avs = (v: unknown): AvsResult | undefined => { const s = str(v); return s && s in AVS_RESULTS ? (s as AvsResult) : undefined; };
const cvc = (v: unknown): CvcResult | undefined => { const s = str(v); return s && s in CVC_RESULTS ? (s as CvcResult) : undefined; };
const transId = (v: unknown): string | undefined => { const s = str(v); return s && s !== '0' ? s : undefined; };

/** messages.message[0].code of an answer: I00001, E00027… */
export const resultMessage = (answer: Json): { resultCode: string | undefined; code: string | undefined; text: string | undefined } => {
  const messages = obj(answer.messages);
  const message = first(messages?.message);
  return { resultCode: str(messages?.resultCode), code: str(message?.code), text: str(message?.text) };
};

function result(status: ProcessorStatus, reasonCode: number, text: string | undefined, extra: Partial<ProcessorResult>): ProcessorResult {
  const declineCode = status === 'declined' ? (DECLINES[reasonCode] ?? 'generic') : undefined;
  return {
    status,
    responseCode: RESPONSE_CODES[status],
    reasonCode,
    reasonText: text || (REASON_CODES[reasonCode]?.text ?? ''),
    ...(declineCode && { declineCode }),
    ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined && v !== '')),
  };
}

/**
 * A createTransactionResponse (or updateHeldTransactionResponse). Without a transactionResponse
 * the request itself was refused (bad credentials: reason 13) and nothing happened, except E00001,
 * the gateway's own failure, whose outcome is unknown: that throws, so the transaction stays pending.
 */
export function transactionResult(answer: Json): ProcessorResult {
  const tr = obj(answer.transactionResponse);
  const status = STATUSES[str(tr?.responseCode) ?? ''];
  if (!tr || !status) return requestRefusal(answer);
  const message = first(tr.messages);
  const error = first(tr.errors);
  const reasonCode = Number(str(message?.code) ?? str(error?.errorCode) ?? NaN);
  const text = str(message?.description) ?? str(error?.errorText);
  return result(status, Number.isInteger(reasonCode) ? reasonCode : status === 'approved' ? 1 : 170, text, {
    authCode: str(tr.authCode),
    avsResult: avs(tr.avsResultCode),
    cvcResult: cvc(tr.cvvResultCode),
    processorTransactionId: transId(tr.transId),
  });
}

function requestRefusal(answer: Json): ProcessorResult {
  const { resultCode, code, text } = resultMessage(answer);
  const reasonCode = code !== undefined ? REFUSED_REQUESTS[code] : undefined;
  if (resultCode !== 'Error' || reasonCode === undefined) {
    throw new ProcessorTimeoutError(`The gateway's answer has no transaction result (${code ?? 'no message code'}).`);
  }
  return result('error', reasonCode, `${reasonText(reasonCode)} (${code}${text ? `: ${text}` : ''})`, {});
}

/** getTransactionDetailsResponse.transaction → the result its first answer would have carried. */
export function detailsResult(transaction: Json): ProcessorResult {
  const status = STATUSES[str(transaction.responseCode) ?? ''] ?? 'error';
  const reasonCode = Number(str(transaction.responseReasonCode) ?? NaN);
  return result(status, Number.isInteger(reasonCode) && reasonCode > 0 ? reasonCode : status === 'approved' ? 1 : 170, str(transaction.responseReasonDescription), {
    authCode: str(transaction.authCode),
    avsResult: avs(transaction.AVSResponse),
    cvcResult: cvc(transaction.cardCodeResponse),
    processorTransactionId: transId(transaction.transId),
  });
}
