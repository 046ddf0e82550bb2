import { CimError } from '../errors.ts';

/**
 * ISO 4217 minor units for the currencies CIM accepts. Amounts travel as decimal
 * strings and are held as integer minor units (cents), never as floats.
 */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = {
  USD: 2, EUR: 2, GBP: 2, CAD: 2, AUD: 2, NZD: 2, CHF: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, MXN: 2, SGD: 2, HKD: 2, ZAR: 2,
  JPY: 0, KRW: 0,
  BHD: 3, KWD: 3, JOD: 3,
};

/** Upper bound of a single charge: 99,999,999.99 in two-decimal currencies (the gateway's own limit). */
const MAX_MAJOR_DIGITS = 8;

export function minorUnitsOf(currency: string): number {
  const units = CURRENCY_MINOR_UNITS[currency];
  if (units === undefined) throw new CimError('invalid_request', `Currency ${currency} is not supported.`, { field: 'currency' });
  return units;
}

/**
 * "12.34" (USD) → 1234. Refuses zero, negatives, exponents, more decimals than
 * the currency has, and anything above 99,999,999.99 — all with `invalid_amount`.
 */
export function parseAmount(text: string, currency: string, options: { allowZero?: boolean; field?: string } = {}): number {
  const units = minorUnitsOf(currency);
  const field = options.field ?? 'amount';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new CimError('invalid_amount', `${field} must be a positive decimal string such as "12.34".`, { field });
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > units) {
    throw new CimError('invalid_amount', `${field} has more than ${units} decimal place(s) for ${currency}.`, { field });
  }
  if (whole.length > MAX_MAJOR_DIGITS) throw new CimError('invalid_amount', `${field} is larger than the maximum of 99,999,999.`, { field });
  const minor = Number(whole) * 10 ** units + Number(fraction.padEnd(units, '0') || '0');
  if (minor === 0 && !options.allowZero) throw new CimError('invalid_amount', `${field} must be greater than zero.`, { field });
  return minor;
}

/** 1234 (USD) → "12.34"; 500 (JPY) → "500". Integer arithmetic only. */
export function formatAmount(minor: number, currency: string): string {
  const units = minorUnitsOf(currency);
  if (units === 0) return String(minor);
  const scale = 10 ** units;
  const whole = Math.floor(minor / scale);
  return `${whole}.${String(minor % scale).padStart(units, '0')}`;
}
