import { CimError } from '../errors.ts';

/** Where a placeholder lands decides how its value is escaped. */
export type Slot = 'json' | 'form' | 'xml' | 'none' | 'header' | 'url';

const BILL_TO_FIELDS = ['firstName', 'lastName', 'company', 'address', 'city', 'state', 'zip', 'country', 'phoneNumber'] as const;
const CARD_FIELDS = ['number', 'expMonth', 'expYear', 'expYear2', 'expiry', 'expiryMMYY', 'expiryYYYYMM', 'brand', 'last4'] as const;

/** Every placeholder a template may use, besides {{vars.NAME}}. */
export const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set([
  ...CARD_FIELDS.map((f) => `card.${f}`),
  ...BILL_TO_FIELDS.map((f) => `billTo.${f}`),
  'paymentProfile.id',
  'customer.id',
]);

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const VARIABLE = /^vars\.[A-Za-z0-9_]{1,40}$/;

/** The placeholders in a piece of template text, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Refuses unknown placeholders, and card data where it would land in access logs (the URL). */
export function checkPlaceholders(text: string, slot: Slot, field: string): string[] {
  const names = placeholdersIn(text);
  for (const name of names) {
    if (!KNOWN_PLACEHOLDERS.has(name) && !VARIABLE.test(name)) {
      throw new CimError('invalid_request', `Unknown placeholder {{${name}}} (see docs/forwarding.md for the list).`, { field });
    }
    if (slot === 'url' && name.startsWith('card.')) {
      throw new CimError('invalid_request', 'Card placeholders are not allowed in the URL (servers log URLs); put them in the body or a header.', { field });
    }
  }
  return names;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escape(value: string, slot: Slot, field: string): string {
  switch (slot) {
    case 'json':
      // The template puts the placeholder inside a JSON string: its content, without the quotes.
      return JSON.stringify(value).slice(1, -1);
    case 'form':
    case 'url':
      return encodeURIComponent(value);
    case 'xml':
      return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
    case 'header':
      if (/[\r\n\0]/.test(value)) throw new CimError('invalid_request', 'A value for a header placeholder holds a line break.', { field });
      return value;
    case 'none':
      return value;
  }
}

/** Replaces every placeholder in `text` with its value, escaped for `slot`. A missing value fills as empty text. */
export function fill(text: string, slot: Slot, values: ReadonlyMap<string, string>, field: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => escape(values.get(name) ?? '', slot, field));
}

export interface CardValues {
  number: string;
  expMonth: number;
  expYear: number;
  brand: string | null;
  last4: string;
}

/** The values a forward fills in: card, billing address, ids, and the request's variables. */
export function placeholderValues(card: CardValues, billTo: Partial<Record<(typeof BILL_TO_FIELDS)[number], string>>, ids: { paymentProfileId: string; customerId: string }, vars: Record<string, string>): Map<string, string> {
  const mm = String(card.expMonth).padStart(2, '0');
  const yyyy = String(card.expYear).padStart(4, '0');
  const yy = yyyy.slice(-2);
  const values = new Map<string, string>([
    ['card.number', card.number],
    ['card.expMonth', mm],
    ['card.expYear', yyyy],
    ['card.expYear2', yy],
    ['card.expiry', `${mm}/${yy}`],
    ['card.expiryMMYY', `${mm}${yy}`],
    ['card.expiryYYYYMM', `${yyyy}-${mm}`],
    ['card.brand', card.brand ?? ''],
    ['card.last4', card.last4],
    ['paymentProfile.id', ids.paymentProfileId],
    ['customer.id', ids.customerId],
  ]);
  for (const field of BILL_TO_FIELDS) values.set(`billTo.${field}`, billTo[field] ?? '');
  for (const [name, value] of Object.entries(vars)) values.set(`vars.${name}`, value);
  return values;
}

/** The card values that must not come back in an answer: the number and every compound expiry form sent. */
export function secretsOf(values: ReadonlyMap<string, string>): string[] {
  return ['card.number', 'card.expiry', 'card.expiryMMYY', 'card.expiryYYYYMM'].map((k) => values.get(k) ?? '').filter((v) => v.length >= 4);
}
