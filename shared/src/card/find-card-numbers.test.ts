import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, maskCardNumbers } from './find-card-numbers.ts';
import { luhnValid } from './luhn.ts';

const CARDS = ['4556737586899855', '4111111111111111', '378282246310005', '5555555555554444', '6011111111111117', '4222222222222', '3530111333300000'];

/** Decimal digit zeros of a few scripts: full-width, Arabic-Indic, Devanagari, Bengali, Thai, mathematical bold and monospace. */
const ZEROS = [0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x1d7ce, 0x1d7f6];

const hex = (c: string) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/** One way of writing a digit: as itself, in another script, percent-encoded once or twice, or as UTF-8 escapes. */
const digitEncoding = fc.oneof(
  fc.constant((d: string) => d),
  fc.constantFrom(...ZEROS).map((zero) => (d: string) => String.fromCodePoint(zero + Number(d))),
  fc.constant((d: string) => hex(d)),
  fc.constant((d: string) => hex(d).toLowerCase()),
  fc.constant((d: string) => '%25' + hex(d).slice(1)),
  fc.constant((d: string) => encodeURIComponent(String.fromCodePoint(0xff10 + Number(d)))),
);

/** What people and attackers put between digits. */
const separator = fc.constantFrom('', '', '', ' ', '-', '.', '_', '/', '\\', '%2D', '%20', '+', ',', '\u200b', '\u00a0', ' - ', '%2F', ':');

/** Where separators go: nowhere, after every digit, card-style groups of four, 8+8, or anywhere at random. */
const LAYOUTS = {
  run: () => false,
  everyDigit: () => true,
  fours: (i: number) => i % 4 === 3,
  halves: (i: number) => i === 7,
};

/** A card number written with a per-digit encoding and separators, inside some surrounding text. */
const encodedCard = fc
  .record({
    card: fc.constantFrom(...CARDS),
    encodings: fc.array(digitEncoding, { minLength: 19, maxLength: 19 }),
    separators: fc.array(separator.filter((s) => s !== ''), { minLength: 19, maxLength: 19 }),
    layout: fc.oneof(fc.constantFrom(...Object.values(LAYOUTS)), fc.array(fc.boolean(), { minLength: 19, maxLength: 19 }).map((at) => (i: number) => at[i]!)),
    before: fc.constantFrom('', '/v1/', 'Note: ', 'GET /v1/customers/', '{"x":"'),
    after: fc.constantFrom('', '/payment-profiles', ' thanks', '?a=b', '"}'),
  })
  .map(({ card, encodings, separators, layout, before, after }) => {
    const cardLike = Object.values(LAYOUTS).includes(layout);
    const body = [...card].map((d, i) => encodings[i]!(d) + (i < card.length - 1 && layout(i) ? separators[i]! : '')).join('');
    return { card, cardLike, text: before + body + after };
  });

describe('card number detection', () => {
  it('finds a Luhn-valid number under any separator, percent-encoding or Unicode digit form: masked always, refused when written as a card is', () => {
    fc.assert(
      fc.property(encodedCard, ({ text, cardLike }) => {
        if (cardLike) expect(containsCardNumber(text)).toBe(true);
        const masked = maskCardNumbers(text);
        expect(masked).toContain('[redacted-number]');
        expect(containsCardNumber(masked)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the examples from the issue', () => {
    for (const text of ['/v1/4556/7375/8689/9855', '/v1/4556.7375.8689.9855', '4556_7375_8689_9855', '45567375%2D86899855', '%34%35%35%36%37%33%37%35%38%36%38%39%39%38%35%35', '４５５６７３７５８６８９９８５５']) {
      expect(containsCardNumber(text), text).toBe(true);
      expect(maskCardNumbers(text), text).not.toMatch(/4556|%34|４/);
    }
  });

  it('leaves ordinary text alone: phone numbers, dates, ids, short and Luhn-invalid numbers', () => {
    for (const text of ['+1 (555) 123-4567', '2026-12-02T13:01:45.123Z', 'Invoice 2024-0001', 'customer 1234567', '4556737586899856', '123 Main St, Apt 4', 'ZIP 94107-1234']) {
      expect(containsCardNumber(text), text).toBe(false);
      expect(maskCardNumbers(text)).toBe(text);
    }
  });

  it('does not refuse a longer reference number that merely contains a card-shaped run', () => {
    expect(containsCardNumber('ref 12345567375868998551')).toBe(false);
  });

  it('does not refuse an id joined to a timestamp that happens to pass Luhn (c6-<Date.now()>@…), though logs still mask it', () => {
    const email = 'c6-1764682345126@example.com';
    expect(luhnValid('61764682345126')).toBe(true);
    expect(containsCardNumber(email)).toBe(false);
    expect(maskCardNumbers(email)).toBe('c[redacted-number]@example.com');
  });

  it('never leaves 13–19 Luhn-valid ASCII digits unmasked in random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '4', '5', '9', ' ', '-', 'a', '%'), maxLength: 80 }), (text) => {
        const masked = maskCardNumbers(text);
        for (const stretch of masked.split('[redacted-number]')) {
          const digits = stretch.replace(/[ -]/g, '');
          for (const m of digits.matchAll(/\d{13,}/g)) for (let from = 0; from < m[0].length; from++) for (let len = 13; len <= 19 && from + len <= m[0].length; len++) expect(luhnValid(m[0].slice(from, from + len))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
