import { checkCardNumber, cvcLengthFor, maxCardLength, normalizeCardNumber, parseExpiryInput, validateCard, type CardBrand } from '@cim/shared';
import type { MessageKey } from './i18n/index.ts';

/** The new-card form's text, exactly as typed (formatted). It never leaves the frame except to the CIM API. */
export interface CardDraft {
  name: string;
  number: string;
  expiry: string;
  cvc: string;
  postal: string;
  country: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
}

export type CardField = keyof CardDraft;

export interface FieldIssue {
  code: string;
  key: MessageKey;
}

export const EMPTY_DRAFT: CardDraft = { name: '', number: '', expiry: '', cvc: '', postal: '', country: '', line1: '', line2: '', city: '', state: '' };

export function draftBrand(draft: CardDraft): CardBrand {
  return checkCardNumber(draft.number).brand;
}

/**
 * Checks a draft with the same `validateCard` the server runs, adding the "incomplete" and
 * "required" verdicts a form needs before the shopper is done typing.
 */
export function checkDraft(draft: CardDraft, fullBilling: boolean, now: Date = new Date()): Partial<Record<CardField, FieldIssue>> {
  // In the form's order, so the first issue is the field that gets focus on submit.
  const issues: Partial<Record<CardField, FieldIssue>> = {};
  if (!draft.name.trim()) issues.name = { code: 'invalid_request', key: 'nameRequired' };
  const digits = normalizeCardNumber(draft.number) ?? '';
  const brand = draftBrand(draft);
  const expiry = parseExpiryInput(draft.expiry);
  const verdict = validateCard({ number: digits, expMonth: expiry?.month ?? 0, expYear: expiry?.year ?? 0, cvc: draft.cvc }, now);
  const problems = verdict.ok ? [] : verdict.problems;

  const numberProblem = problems.find((p) => p.field === 'number');
  if (!digits) issues.number = { code: 'invalid_card_number', key: 'numberRequired' };
  else if (numberProblem) {
    // Too short for its brand is "incomplete" while typing; anything else is simply wrong.
    const incomplete = checkCardNumber(digits).problem === 'length' && digits.length < maxCardLength(digits);
    issues.number = { code: numberProblem.code, key: incomplete ? 'numberIncomplete' : 'numberInvalid' };
  }

  const expiryProblem = problems.find((p) => p.field === 'expiry');
  if (!expiry || draft.expiry.replace(/\D/g, '').length < 4) issues.expiry = { code: 'invalid_expiry', key: 'expiryIncomplete' };
  else if (expiryProblem) issues.expiry = { code: expiryProblem.code, key: expiryProblem.code === 'card_expired' ? 'expiryPast' : 'expiryInvalid' };

  if (draft.cvc.length < cvcLengthFor(brand)) issues.cvc = { code: 'invalid_cvc', key: 'cvcIncomplete' };
  if (!draft.postal.trim()) issues.postal = { code: 'invalid_request', key: 'postalRequired' };
  if (fullBilling) {
    for (const field of ['line1', 'city'] as const) if (!draft[field].trim()) issues[field] = { code: 'invalid_request', key: 'fieldRequired' };
  }
  return issues;
}

/** The wire form of a complete draft (`POST /widget/api/payment-profiles`). */
export function draftToRequest(draft: CardDraft, isDefault: boolean, fullBilling: boolean) {
  const expiry = parseExpiryInput(draft.expiry) ?? { month: 0, year: 0 };
  const [firstName, ...rest] = draft.name.trim().split(/\s+/);
  const lastName = rest.length > 0 ? rest.pop() : undefined;
  return {
    card: { number: normalizeCardNumber(draft.number) ?? '', expMonth: expiry.month, expYear: expiry.year, cvc: draft.cvc },
    billTo: {
      firstName: [firstName, ...rest].join(' ').slice(0, 50),
      ...(lastName ? { lastName: lastName.slice(0, 50) } : {}),
      zip: draft.postal.trim(),
      country: draft.country,
      ...(fullBilling
        ? { address: [draft.line1.trim(), draft.line2.trim()].filter(Boolean).join(', ').slice(0, 60), city: draft.city.trim(), state: draft.state.trim() }
        : {}),
    },
    isDefault,
  };
}
