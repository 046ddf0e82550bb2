import { describe, expect, it } from 'vitest';
import {
  bin,
  checkCardNumber,
  checkCvc,
  checkExpiry,
  detectBrand,
  formatCardNumber,
  isExpired,
  lastFour,
  luhnValid,
  maskXXXX,
  normalizeCardNumber,
  parseExpiryInput,
  routingNumberValid,
  validateCard,
} from './index.ts';

/** A Luhn-valid number of `length` digits starting with `prefix`. */
function withCheckDigit(prefix: string, length: number): string {
  const body = prefix.padEnd(length - 1, '0');
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

const NOW = new Date('2026-06-15T12:00:00Z');

describe('brand detection', () => {
  it.each([
    ['4111111111111111', 'visa'],
    ['4222222222222', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['5105105105105100', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['2720990000000007', 'mastercard'],
    ['378282246310005', 'amex'],
    ['371449635398431', 'amex'],
    ['6011111111111117', 'discover'],
    ['6445644564456445', 'discover'],
    ['6500000000000002', 'discover'],
    ['6221260000000000', 'discover'],
    ['30569309025904', 'diners'],
    ['36227206271667', 'diners'],
    ['38520000023237', 'diners'],
    ['3530111333300000', 'jcb'],
    ['3566002020360505', 'jcb'],
    ['6200000000000005', 'unionpay'],
    ['6270000000000000', 'unionpay'],
    ['6304000000000000', 'maestro'],
    ['6759649826438453', 'maestro'],
    ['5018000000000009', 'maestro'],
  ] as const)('%s is %s and valid', (number, brand) => {
    expect(detectBrand(number)).toBe(brand);
    expect(checkCardNumber(number)).toEqual({ ok: true, digits: number, brand });
  });

  it('tells Mastercard 2-series from the numbers around it', () => {
    expect(detectBrand('2220990000000000')).not.toBe('mastercard');
    expect(detectBrand(withCheckDigit('2221', 16))).toBe('mastercard');
    expect(detectBrand(withCheckDigit('2720', 16))).toBe('mastercard');
    expect(detectBrand('2721000000000000')).not.toBe('mastercard');
  });

  it('guesses from a partial number as it is typed', () => {
    expect(detectBrand('4')).toBe('visa');
    expect(detectBrand('34')).toBe('amex');
    expect(detectBrand('37')).toBe('amex');
    expect(detectBrand('2')).toBe('mastercard');
    expect(detectBrand('3')).toBe('unknown');
    expect(detectBrand('')).toBe('unknown');
  });

  it('checks length by brand', () => {
    expect(checkCardNumber(withCheckDigit('37', 16))).toMatchObject({ ok: false, brand: 'amex', problem: 'length' });
    expect(checkCardNumber(withCheckDigit('51', 15))).toMatchObject({ ok: false, brand: 'mastercard', problem: 'length' });
    expect(checkCardNumber(withCheckDigit('4', 14))).toMatchObject({ ok: false, brand: 'visa', problem: 'length' });
    expect(checkCardNumber(withCheckDigit('4', 19))).toMatchObject({ ok: true, brand: 'visa' });
    expect(checkCardNumber(withCheckDigit('62', 19))).toMatchObject({ ok: true, brand: 'unionpay' });
    expect(checkCardNumber('4111')).toMatchObject({ ok: false, problem: 'length' });
  });

  it('refuses an unknown prefix and a bad Luhn digit', () => {
    expect(checkCardNumber('1234567812345670')).toMatchObject({ ok: false, problem: 'brand' });
    expect(checkCardNumber('4111111111111112')).toMatchObject({ ok: false, brand: 'visa', problem: 'luhn' });
  });
});

describe('card number normalisation', () => {
  it('strips spaces and dashes only', () => {
    expect(normalizeCardNumber('4111 1111-1111 1111')).toBe('4111111111111111');
    expect(normalizeCardNumber('4111.1111.1111.1111')).toBeNull();
    expect(normalizeCardNumber('4111\t1111111111111')).toBeNull();
  });

  it.each([
    ['full-width', '４１１１１１１１１１１１１１１１'],
    ['Arabic-Indic', '٤١١١١١١١١١١١١١١١'],
    ['Devanagari', '४१११११११११११११११'],
    ['mixed', '411111111111111１'],
    ['superscript', '4111111111111111¹'],
  ])('refuses %s digits', (_name, number) => {
    expect(normalizeCardNumber(number)).toBeNull();
    expect(checkCardNumber(number)).toMatchObject({ ok: false, problem: 'format' });
    expect(luhnValid(number)).toBe(false);
  });

  it('formats as typed: 4-4-4-4, Amex 4-6-5', () => {
    expect(formatCardNumber('4111111111111111')).toBe('4111 1111 1111 1111');
    expect(formatCardNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatCardNumber('41111')).toBe('4111 1');
  });
});

describe('expiry', () => {
  it('is valid through the last day of the month', () => {
    expect(checkExpiry(6, 2026, NOW)).toEqual({ ok: true });
    expect(checkExpiry(5, 2026, NOW)).toEqual({ ok: false, problem: 'expired' });
    expect(checkExpiry(12, 2025, NOW)).toEqual({ ok: false, problem: 'expired' });
    expect(isExpired({ month: 6, year: 2026 }, new Date('2026-06-30T23:59:59Z'))).toBe(false);
    expect(isExpired({ month: 6, year: 2026 }, new Date('2026-07-01T00:00:00Z'))).toBe(true);
  });

  it('refuses impossible months and years', () => {
    for (const [m, y] of [[0, 2030], [13, 2030], [1.5, 2030], [6, 1999], [6, 2100], [Number.NaN, 2030]] as const) {
      expect(checkExpiry(m, y, NOW)).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('parses what people type', () => {
    expect(parseExpiryInput('12/30')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiryInput('1230')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiryInput(' 07 / 2031 ')).toEqual({ month: 7, year: 2031 });
    expect(parseExpiryInput('12-30')).toBeNull();
  });
});

describe('security code', () => {
  it('is 4 digits for Amex, 3 for everyone else', () => {
    expect(checkCvc('1234', 'amex')).toBe(true);
    expect(checkCvc('123', 'amex')).toBe(false);
    expect(checkCvc('123', 'visa')).toBe(true);
    expect(checkCvc('1234', 'visa')).toBe(false);
    expect(checkCvc('12a', 'visa')).toBe(false);
    expect(checkCvc('１２３', 'visa')).toBe(false);
  });
});

describe('validateCard', () => {
  it('returns the digits, brand and expiry of a good card', () => {
    expect(validateCard({ number: '3782 822463 10005', expMonth: 1, expYear: 2030, cvc: '1234' }, NOW)).toEqual({
      ok: true,
      card: { digits: '378282246310005', brand: 'amex', expMonth: 1, expYear: 2030 },
    });
  });

  it('lists every problem with a stable code and never echoes the input', () => {
    const result = validateCard({ number: '4111111111111112', expMonth: 1, expYear: 2020, cvc: '12' }, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ['number', 'invalid_card_number'],
      ['expiry', 'card_expired'],
      ['cvc', 'invalid_cvc'],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/4111|12"/);
    const badMonth = validateCard({ number: '4111111111111111', expMonth: 13, expYear: 2030 }, NOW);
    expect(badMonth.ok ? [] : badMonth.problems.map((p) => p.code)).toEqual(['invalid_expiry']);
  });
});

describe('routing numbers and masks', () => {
  it('passes the ABA checksum', () => {
    expect(routingNumberValid('011000015')).toBe(true);
    expect(routingNumberValid('121000358')).toBe(true);
    expect(routingNumberValid('021000021')).toBe(true);
    expect(routingNumberValid('021000022')).toBe(false);
    expect(routingNumberValid('12345678')).toBe(false);
    expect(routingNumberValid('０２１０００021')).toBe(false);
  });

  it('shows at most the BIN and last four', () => {
    expect(lastFour('4111111111111111')).toBe('1111');
    expect(bin('4111111111111111')).toBe('411111');
    expect(maskXXXX('4111111111111111')).toBe('XXXX1111');
  });
});
