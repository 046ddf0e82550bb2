import type { Address } from '@cim/shared';
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

/** Billing ZIP that declines every card, as in Authorize.Net's sandbox. */
export const SANDBOX_DECLINE_ZIP = '46282';

/** Bank-account (eCheck) debits above this many minor units decline, as in Authorize.Net's sandbox. */
export const SANDBOX_BANK_LIMIT = 10_000;

export const SANDBOX_AVS_ZIPS: Readonly<Record<string, AvsResult>> = {
  '46201': 'A', '46203': 'E', '46204': 'G', '46205': 'N', '46206': 'P', '46207': 'R',
  '46208': 'S', '46209': 'U', '46211': 'W', '46214': 'X', '46217': 'Z',
};

export const SANDBOX_CVC_CODES: Readonly<Record<string, CvcResult>> = { '900': 'M', '901': 'N', '902': 'S', '903': 'U', '904': 'P' };

const DECLINES: Record<DeclineCode, { reasonCode: number; reasonText: string }> = {
  generic: { reasonCode: 2, reasonText: 'This transaction has been declined.' },
  insufficientFunds: { reasonCode: 2, reasonText: 'This transaction has been declined: insufficient funds.' },
  expiredCard: { reasonCode: 8, reasonText: 'The credit card has expired.' },
  cvcMismatch: { reasonCode: 44, reasonText: 'This transaction has been declined: the card code does not match.' },
  avsMismatch: { reasonCode: 27, reasonText: 'The transaction has been declined because of an AVS mismatch.' },
  bankAccountLimit: { reasonCode: 2, reasonText: 'This transaction has been declined: over the sandbox eCheck limit.' },
};

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
  reasonText: 'This transaction has been approved.',
  ...extra,
});

export const processingError = (): ProcessorResult => ({
  status: 'error',
  responseCode: 3,
  reasonCode: 19,
  reasonText: 'An error occurred during processing. Please try again in 5 minutes.',
});

export const heldForReview = (extra: Partial<ProcessorResult> = {}): ProcessorResult => ({
  status: 'heldForReview',
  responseCode: 4,
  reasonCode: 252,
  reasonText: 'Your order has been received. Thank you for your business!',
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
  const tableDecline = SANDBOX_DECLINE_CARDS[payment.number];
  if (tableDecline === 'cvcMismatch') return declined('cvcMismatch', { ...results, cvcResult: 'N' });
  if (tableDecline) return declined(tableDecline, results);
  if (billTo.zip?.trim() === SANDBOX_DECLINE_ZIP) return declined('generic', results);
  if (avsResult === 'N') return declined('avsMismatch', results);
  if (cvcResult === 'N') return declined('cvcMismatch', results);
  if (amountMinor === SANDBOX_AMOUNTS.review) return heldForReview(results);
  return approved(results);
}
