import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from './money.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'ok';
};

describe('money', () => {
  it('parses decimal strings to integer minor units without floats', () => {
    expect(parseAmount('12.34', 'USD')).toBe(1234);
    expect(parseAmount('0.1', 'USD')).toBe(10);
    expect(parseAmount('19.99', 'EUR')).toBe(1999);
    expect(parseAmount('007', 'USD')).toBe(700);
    expect(parseAmount('500', 'JPY')).toBe(500);
    expect(parseAmount('1.005', 'KWD')).toBe(1005);
    expect(parseAmount('99999999.99', 'USD')).toBe(9_999_999_999);
  });

  it('refuses zero, negatives, too many decimals, exponents and absurd amounts', () => {
    for (const bad of ['0', '0.00', '-1.00', '1.234', '1e3', '12,34', ' 1', '', '.5', '5.', '100000000.00', '99999999999999999999']) {
      expect(code(() => parseAmount(bad, 'USD')), bad).toBe('invalid_amount');
    }
    expect(code(() => parseAmount('1.5', 'JPY'))).toBe('invalid_amount');
    expect(code(() => parseAmount('1.00', 'XXX'))).toBe('invalid_request');
  });

  it('allows zero only when asked (zero-amount verification)', () => {
    expect(parseAmount('0.00', 'USD', { allowZero: true })).toBe(0);
  });

  it('formats minor units back to the currency\'s decimal string', () => {
    expect(formatAmount(1234, 'USD')).toBe('12.34');
    expect(formatAmount(5, 'USD')).toBe('0.05');
    expect(formatAmount(500, 'JPY')).toBe('500');
    expect(formatAmount(9_999_999_999, 'USD')).toBe('99999999.99');
    expect(formatAmount(1005, 'KWD')).toBe('1.005');
  });
});
