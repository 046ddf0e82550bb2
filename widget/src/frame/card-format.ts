import { formatCardNumber, maxCardLength, parseExpiryInput } from '@cim/shared';

/** What a formatter makes of a field's raw text, and where the caret goes afterwards. */
export interface Formatted {
  value: string;
  caret: number;
}

/** Keeps the caret after the same number of digits it followed before reformatting. */
function caretAfterDigits(formatted: string, digitsBefore: number): number {
  if (digitsBefore === 0) return 0;
  let seen = 0;
  for (let i = 0; i < formatted.length; i++) {
    if (/[0-9]/.test(formatted[i] ?? '')) seen++;
    if (seen === digitsBefore) return i + 1;
  }
  return formatted.length;
}

const digitsIn = (text: string) => text.replace(/[^0-9]/g, '');

/** 4-4-4-4, Amex 4-6-5, up to 19 digits for brands that issue them; anything but digits is dropped. */
export function formatNumberInput(raw: string, caret: number): Formatted {
  const all = digitsIn(raw);
  const digits = all.slice(0, maxCardLength(all));
  const value = formatCardNumber(digits);
  return { value, caret: caretAfterDigits(value, Math.min(digitsIn(raw.slice(0, caret)).length, digits.length)) };
}

/**
 * "MM / YY". A leading 2-9 can only be a month, so it becomes "0x"; autofill's "12/2030" keeps its
 * two last year digits.
 */
export function formatExpiryInput(raw: string, caret: number): Formatted {
  const parsed = /\d{1,2}\s*\/\s*\d{4}$/.test(raw) ? parseExpiryInput(raw) : null;
  let digits = parsed ? `${String(parsed.month).padStart(2, '0')}${String(parsed.year).slice(2)}` : digitsIn(raw);
  let digitsBefore = parsed ? digits.length : digitsIn(raw.slice(0, caret)).length;
  if (/^[2-9]/.test(digits)) {
    digits = `0${digits}`;
    digitsBefore++;
  }
  digits = digits.slice(0, 4);
  const value = digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
  return { value, caret: caretAfterDigits(value, Math.min(digitsBefore, digits.length)) };
}

export function formatCvcInput(raw: string, maxLength: number): Formatted {
  const value = digitsIn(raw).slice(0, maxLength);
  return { value, caret: value.length };
}
