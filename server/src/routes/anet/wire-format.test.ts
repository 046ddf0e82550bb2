import { describe, expect, it } from 'vitest';
import { buildDirectResponse } from './direct-response.ts';
import { AnetError } from './messages.ts';
import { bool, child, list, text } from './parse.ts';
import { parseExpirationDate, readPayment } from './payment-input.ts';

describe('expiration dates', () => {
  it('reads every format Authorize.Net accepts', () => {
    for (const value of ['2030-05', '2030/05', '0530', '05/30', '05-30', '052030', '05/2030', '05-2030']) {
      expect(parseExpirationDate(value), value).toEqual({ expMonth: 5, expYear: 2030 });
    }
    for (const value of ['2030', '5/30/2030', 'May 2030', '', '2030-5-1']) expect(parseExpirationDate(value), value).toBeNull();
  });

  it('treats XXXX as "keep the stored expiry" and XXXX1111 as "keep the stored number"', () => {
    expect(readPayment({ creditCard: { cardNumber: 'XXXX1111', expirationDate: 'XXXX' } })).toEqual({ kind: 'card', number: null, maskedLast4: '1111', expiry: null, cvc: undefined });
  });
});

describe('tolerant readers', () => {
  it('accept numbers and booleans as text, a single object as a list, one-item lists as an object', () => {
    expect(text({ zip: 12345 }, 'zip')).toBe('12345');
    expect(text({ flag: true }, 'flag')).toBe('true');
    expect(text({ name: '  Ada  ' }, 'name')).toBe('Ada');
    expect(text({ name: '' }, 'name')).toBeUndefined();
    expect(list({ items: { a: 1 } }, 'items')).toEqual([{ a: 1 }]);
    expect(child({ billTo: [{ zip: '1' }] }, 'billTo')).toEqual({ zip: '1' });
    expect([true, 'true', 1, '1'].map((v) => bool({ v }, 'v'))).toEqual([true, true, true, true]);
    expect([false, 'false', 0, '0'].map((v) => bool({ v }, 'v'))).toEqual([false, false, false, false]);
  });

  it('refuse what cannot be read with E00003 naming the element, never echoing the value', () => {
    const error = (() => {
      try {
        text({ cardNumber: { nested: '4111111111111111' } }, 'cardNumber');
      } catch (e) {
        return e as AnetError;
      }
    })();
    expect(error).toBeInstanceOf(AnetError);
    expect(error!.anetCode).toBe('E00003');
    expect(error!.message).toContain('cardNumber');
    expect(error!.message).not.toContain('4111');
    expect(() => text({ id: 'x'.repeat(21) }, 'id', 20)).toThrow(/MaxLength/);
    expect(() => bool({ b: 'yes' }, 'b')).toThrow(AnetError);
  });
});

describe('direct response', () => {
  it('has 68 positions with the masked account at 51 and the card type at 52, commas in values neutralised', () => {
    const fields = buildDirectResponse({
      responseCode: '1',
      reasonCode: '1',
      reasonText: 'This transaction has been approved.',
      transId: '0',
      amount: '0.00',
      method: 'CC',
      type: 'auth_only',
      customerId: 'C-1',
      billTo: { firstName: 'Ada', lastName: 'Lovelace, Countess', zip: '12345' },
      email: 'ada@example.com',
      shipTo: { city: 'London' },
      accountNumber: 'XXXX1111',
      cardType: 'Visa',
    }).split(',');
    expect(fields).toHaveLength(68);
    expect(fields[12]).toBe('C-1');
    expect(fields[13]).toBe('Ada');
    expect(fields[14]).toBe('Lovelace  Countess');
    expect(fields[19]).toBe('12345');
    expect(fields[23]).toBe('ada@example.com');
    expect(fields[28]).toBe('London');
    expect(fields[50]).toBe('XXXX1111');
    expect(fields[51]).toBe('Visa');
  });
});
