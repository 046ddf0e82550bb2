import { brandRuleFor, type CardBrand } from './brands.ts';
import { luhnValid } from './luhn.ts';

/**
 * Strips the separators people type (spaces, dashes) and nothing else.
 * Returns null when anything but ASCII digits remains: full-width or other
 * Unicode digits are refused rather than silently normalised.
 */
export function normalizeCardNumber(input: string): string | null {
  const stripped = input.replace(/[ \-]/g, '');
  return /^[0-9]+$/.test(stripped) ? stripped : null;
}

export type CardNumberProblem = 'format' | 'length' | 'luhn' | 'brand';

export interface CardNumberCheck {
  ok: boolean;
  digits: string | null;
  brand: CardBrand;
  problem?: CardNumberProblem;
}

export function checkCardNumber(input: string): CardNumberCheck {
  const digits = normalizeCardNumber(input);
  if (digits === null) return { ok: false, digits: null, brand: 'unknown', problem: 'format' };
  const rule = brandRuleFor(digits);
  if (!rule) return { ok: false, digits, brand: 'unknown', problem: digits.length < 12 || digits.length > 19 ? 'length' : 'brand' };
  if (!rule.lengths.includes(digits.length)) return { ok: false, digits, brand: rule.brand, problem: 'length' };
  if (!luhnValid(digits)) return { ok: false, digits, brand: rule.brand, problem: 'luhn' };
  return { ok: true, digits, brand: rule.brand };
}

/** Formats digits as they are typed: 4-4-4-4, Amex 4-6-5, long cards keep grouping. */
export function formatCardNumber(digits: string): string {
  const rule = brandRuleFor(digits);
  const gaps = rule?.gaps ?? [4, 4, 4, 4, 3];
  const maxLength = rule ? Math.max(...rule.lengths) : 19;
  const clipped = digits.slice(0, maxLength);
  const groups: string[] = [];
  let at = 0;
  for (const size of gaps) {
    if (at >= clipped.length) break;
    groups.push(clipped.slice(at, at + size));
    at += size;
  }
  if (at < clipped.length) groups.push(clipped.slice(at));
  return groups.join(' ');
}

export function maxCardLength(digits: string): number {
  const rule = brandRuleFor(digits);
  return rule ? Math.max(...rule.lengths) : 19;
}
