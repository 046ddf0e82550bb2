import type { Address } from '@cim/shared';
import { REASON_CODES, reason, reasonText } from './reason-codes.ts';
import type { AvsResult, CvcResult, DeclineCode, PaymentMethod, ProcessorResult } from './types.ts';

/**
 * The sandbox's documented test data (docs/transactions.md#sandbox). Outcomes
 * depend only on the request, so every test and demo sees the same answer.
 * Billing ZIP, AVS and card-code triggers follow Authorize.Net's sandbox.
 */
export const SANDBOX_DECLINE_CARDS: Readonly<Record<string, DeclineCode>> = {
  '4000000000000002': 'generic',
  '4000000000009995': 'insufficientFunds',
  '4000000000000069': 'expiredCard',
  '4000000000000127': 'cvcMismatch',
};

/** Amounts (in minor units, whatever the currency) with a special outcome. */
export const SANDBOX_AMOUNTS = {
  /** 70.01: the processor answers with an error (response code 3, reason 19). */
  error: 7001,
  /** 70.02: the processor handles the call but the answer is lost (timeout) the first time it is asked. */
  timeout: 7002,
  /** 70.03: held for fraud review (response code 4, reason 252). */
  review: 7003,
} as const;

/**
 * Authorize.Net's error-generating card: charged a whole-dollar amount equal to a
 * response reason code (27.00 → reason 27), it answers with that reason.
 */
export const SANDBOX_REASON_CARD = '4222222222222';

/** Billing ZIP that declines every card, as in Authorize.Net's sandbox. */
export const SANDBOX_DECLINE_ZIP = '46282';

/** Bank-account (eCheck) debits above this many minor units decline, as in Authorize.Net's sandbox. */
export const SANDBOX_BANK_LIMIT = 10_000;

export const SANDBOX_AVS_ZIPS: Readonly<Record<string, AvsResult>> = {
  '46201': 'A', '46203': 'E', '46204': 'G', '46205': 'N', '46206': 'P', '46207': 'R',
  '46208': 'S', '46209': 'U', '46211': 'W', '46214': 'X', '46217': 'Z',
};

export const SANDBOX_CVC_CODES: Readonly<Record<string, CvcResult>> = { '900': 'M', '901': 'N', '902': 'S', '903': 'U', '904': 'P' };

const DECLINE_REASONS: Record<DeclineCode, number> = { generic: 2, insufficientFunds: 2, expiredCard: 8, cvcMismatch: 44, avsMismatch: 27, bankAccountLimit: 2 };
const DECLINES = Object.fromEntries(
  Object.entries(DECLINE_REASONS).map(([code, reasonCode]) => [code, { reasonCode, reasonText: reasonText(reasonCode) }]),
) as Record<DeclineCode, { reasonCode: number; reasonText: string }>;

export const declined = (code: DeclineCode, extra: Partial<ProcessorResult> = {}): ProcessorResult => ({
  status: 'declined',
  responseCode: 2,
  ...DECLINES[code],
  declineCode: code,
  ...extra,
});

export const approved = (extra: Partial<ProcessorResult> = {}): ProcessorResult => ({
  status: 'approved',
  responseCode: 1,
  reasonCode: 1,
  reasonText: reasonText(1),
  ...extra,
});

export const processingError = (): ProcessorResult => ({
  status: 'error',
  responseCode: 3,
  reasonCode: 19,
  reasonText: reasonText(19),
});

export const heldForReview = (extra: Partial<ProcessorResult> = {}): ProcessorResult => ({
  status: 'heldForReview',
  responseCode: 4,
  reasonCode: 252,
  reasonText: reasonText(252),
  ...extra,
});

/** AVS letter for a billing address: table ZIPs first, then Y (address + ZIP), Z (ZIP only), B (nothing to check). */
export function avsFor(billTo: Address): AvsResult {
  const zip = billTo.zip?.trim() ?? '';
  const fromTable = SANDBOX_AVS_ZIPS[zip.slice(0, 5)];
  if (fromTable) return fromTable;
  if (zip && billTo.address) return 'Y';
  return zip ? 'Z' : 'B';
}

/** Card-code letter: table codes first; any other code matches; none sent → no result. */
export const cvcFor = (cvc: string | undefined): CvcResult | undefined => (cvc === undefined ? undefined : (SANDBOX_CVC_CODES[cvc] ?? 'M'));

/** The deterministic outcome of an authorisation, before special amounts. */
export function authorizationOutcome(payment: PaymentMethod, billTo: Address, amountMinor: number): ProcessorResult {
  if (amountMinor === SANDBOX_AMOUNTS.error) return processingError();
  if (payment.type === 'bankAccount') {
    return amountMinor > SANDBOX_BANK_LIMIT ? declined('bankAccountLimit') : approved();
  }
  const avsResult = avsFor(billTo);
  const cvcResult = cvcFor(payment.cvc);
  const results = { avsResult, ...(cvcResult && { cvcResult }) };
  const triggered = payment.number === SANDBOX_REASON_CARD ? reasonTrigger(amountMinor, results) : undefined;
  if (triggered) return triggered;
  const tableDecline = SANDBOX_DECLINE_CARDS[payment.number];
  if (tableDecline === 'cvcMismatch') return declined('cvcMismatch', { ...results, cvcResult: 'N' });
  if (tableDecline) return declined(tableDecline, results);
  if (billTo.zip?.trim() === SANDBOX_DECLINE_ZIP) return declined('generic', results);
  if (avsResult === 'N') return declined('avsMismatch', results);
  if (cvcResult === 'N') return declined('cvcMismatch', results);
  if (amountMinor === SANDBOX_AMOUNTS.review) return heldForReview(results);
  return approved(results);
}

/** Decline codes for the reason codes the error-generating card can give, so /v1 says why as well. */
const TRIGGER_DECLINES: Readonly<Record<number, DeclineCode>> = { 8: 'expiredCard', 27: 'avsMismatch', 44: 'cvcMismatch', 45: 'cvcMismatch', 65: 'cvcMismatch' };

/** SANDBOX_REASON_CARD: the outcome named by the amount, when it is a whole-dollar reason code CIM knows. */
function reasonTrigger(amountMinor: number, results: Partial<ProcessorResult>): ProcessorResult | undefined {
  const code = amountMinor % 100 === 0 ? amountMinor / 100 : 0;
  const known = REASON_CODES[code];
  if (!known || code === 1) return undefined;
  const [reasonCode, text] = reason(code);
  if (known.responseCode === 2) return declined(TRIGGER_DECLINES[code] ?? 'generic', { ...results, reasonCode, reasonText: text });
  if (known.responseCode === 4) return heldForReview({ ...results, reasonCode, reasonText: text });
  return { status: 'error', responseCode: 3, reasonCode, reasonText: text };
}
