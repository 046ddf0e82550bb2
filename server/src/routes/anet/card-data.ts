import { containsCardNumber } from '@cim/shared';
import { AnetError } from './messages.ts';
import { isObject } from './parse.ts';

/** The elements that carry card or bank data (or credentials) by design; every other text is free text. */
const CARD_FIELDS = new Set(['cardNumber', 'cardCode', 'expirationDate', 'accountNumber', 'routingNumber', 'dataValue', 'transactionKey', 'track1', 'track2']);

const MAX_DEPTH = 32;

function findCardData(value: unknown, path: string, depth: number): string | null {
  if (depth > MAX_DEPTH) return null;
  if (typeof value === 'string' || typeof value === 'number') return containsCardNumber(String(value)) ? path : null;
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : isObject(value) ? Object.entries(value) : [];
  for (const [key, child] of entries) {
    if (CARD_FIELDS.has(key)) continue;
    const found = findCardData(child, key === '' ? path : path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Free text in an Authorize.Net request (descriptions, names, address lines, invoice
 * numbers, userFields, …) must not hold a card number: it would be stored or logged in
 * clear, outside the vault. One walk over the request refuses it, naming the element.
 */
export function refuseCardDataOutsideCardFields(request: Record<string, unknown>): void {
  const field = findCardData(request, '', 0);
  if (field !== null) {
    throw new AnetError('E00003', `card_data_not_allowed: The '${field}' element must not contain a card number; send card data only in cardNumber.`);
  }
}
