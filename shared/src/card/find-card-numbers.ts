import { brandRuleFor } from './brands.ts';
import { luhnValid } from './luhn.ts';

/**
 * Finds card numbers hidden in free text: 13–19 Luhn-valid digits, whatever
 * separates them (spaces, dots, underscores, slashes, zero-width characters,
 * percent-encoded dashes…), whether the digits are ASCII, percent-encoded
 * (`%34`, double-encoded `%2534`) or another Unicode digit form (full-width,
 * Arabic-Indic, mathematical). One scanner serves the log/audit scrubber and the
 * `card_data_not_allowed` check, so both see the same encodings.
 */

/** At most this many separator characters between two digits of one number. */
const MAX_SEPARATOR_RUN = 3;
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

interface Unit {
  /** The character this unit decodes to. */
  char: string;
  start: number;
  end: number;
}

const HEX2 = /^[0-9a-f]{2}$/i;

/** The next decoded character at `i`: a percent-escape (any depth of %25) counts as the character it encodes. */
function unitAt(s: string, i: number): Unit {
  if (s[i] === '%') {
    let j = i + 1;
    // %2534 is "%34" encoded once more: each 25 followed by another escape adds a layer.
    while (s.slice(j, j + 2) === '25' && HEX2.test(s.slice(j + 2, j + 4))) j += 2;
    const hex = s.slice(j, j + 2);
    if (HEX2.test(hex)) {
      const byte = parseInt(hex, 16);
      if (byte < 0x80) return { char: String.fromCharCode(byte), start: i, end: j + 2 };
      // A UTF-8 sequence (e.g. a full-width digit, %EF%BC%94) at a single layer.
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      const seq = s.slice(i, i + 3 * length);
      if (j === i + 1 && new RegExp(`^(?:%[0-9a-f]{2}){${length}}$`, 'i').test(seq)) {
        try {
          const decoded = decodeURIComponent(seq);
          const cp = decoded.codePointAt(0)!;
          const char = String.fromCodePoint(cp);
          return { char, start: i, end: i + seq.length };
        } catch {
          // Not valid UTF-8: the % is just a character.
        }
      }
    }
  }
  const cp = s.codePointAt(i)!;
  const char = String.fromCodePoint(cp);
  return { char, start: i, end: i + char.length };
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/**
 * The value of a decimal digit in any script. Unicode keeps every run of
 * decimal digits in blocks of ten consecutive code points starting at zero
 * (a stability guarantee), so the distance to the start of the run, mod 10, is the value.
 */
function digitValue(char: string): number | null {
  if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
  if (!DECIMAL_DIGIT.test(char)) return null;
  let cp = char.codePointAt(0)!;
  let steps = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  return steps % 10;
}

interface Digit {
  value: number;
  start: number;
  end: number;
  /** First digit of a group (nothing but separators, or the text's edge, before it). */
  groupStart: boolean;
  groupEnd: boolean;
}

/** Runs of digits that separators (not letters) join into one candidate number. */
function digitChains(s: string): Digit[][] {
  const chains: Digit[][] = [];
  let chain: Digit[] = [];
  let separators = 0;
  const close = () => {
    if (chain.length > 0) {
      chain.at(-1)!.groupEnd = true;
      if (chain.length >= MIN_DIGITS) chains.push(chain);
    }
    chain = [];
    separators = 0;
  };
  for (let i = 0; i < s.length; ) {
    const unit = unitAt(s, i);
    i = unit.end;
    const value = digitValue(unit.char);
    if (value !== null) {
      const groupStart = chain.length === 0 || separators > 0;
      if (groupStart && chain.length > 0) chain.at(-1)!.groupEnd = true;
      chain.push({ value, start: unit.start, end: unit.end, groupStart, groupEnd: false });
      separators = 0;
    } else if (LETTER_OR_NUMBER.test(unit.char)) {
      close();
    } else if (chain.length > 0 && ++separators > MAX_SEPARATOR_RUN) {
      close();
    }
  }
  close();
  return chains;
}

/** Every stretch of `s` (as [start, end) offsets) holding 13–19 Luhn-valid digits. Used to mask, so it errs on the side of masking. */
export function cardNumberSpans(s: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const chain of digitChains(s)) {
    const digits = chain.map((d) => d.value).join('');
    for (let from = 0; from < chain.length; from++) {
      for (let len = MIN_DIGITS; len <= MAX_DIGITS && from + len <= chain.length; len++) {
        if (luhnValid(digits.slice(from, from + len))) spans.push([chain[from]!.start, chain[from + len - 1]!.end]);
      }
    }
  }
  return spans;
}

/**
 * Whether digit groups of these sizes are written the way a card number is: one run, digit by
 * digit (every group 1–2 digits), or card-style (a first group of 4 or more, inner groups of 3 or
 * more). "6-1764682345123" (an id and a timestamp) is neither, so it is not refused.
 */
function cardShaped(sizes: number[]): boolean {
  if (sizes.length === 1 || sizes.every((n) => n <= 2)) return true;
  return sizes[0]! >= 4 && sizes.slice(1, -1).every((n) => n >= 3);
}

/**
 * True when `s` holds what can only be a card number: 13–19 Luhn-valid digits
 * with a card network's prefix and length, standing as whole digit groups written
 * the way a card is (so a longer reference number that merely contains one, or an
 * id joined to a timestamp, is not refused; the log scrubber masks those anyway).
 */
export function containsCardNumber(s: string): boolean {
  for (const chain of digitChains(s)) {
    const digits = chain.map((d) => d.value).join('');
    for (let from = 0; from < chain.length; from++) {
      if (!chain[from]!.groupStart) continue;
      const sizes: number[] = [];
      for (let at = from, size = 0; at < chain.length && at < from + MAX_DIGITS; at++) {
        size++;
        if (chain[at]!.groupEnd) {
          sizes.push(size);
          size = 0;
          const len = at - from + 1;
          const candidate = digits.slice(from, from + len);
          if (len >= MIN_DIGITS && cardShaped(sizes) && luhnValid(candidate) && brandRuleFor(candidate)?.lengths.includes(len)) return true;
        }
      }
    }
  }
  return false;
}

/** `s` with every card-number-shaped stretch replaced by `[redacted-number]`. */
export function maskCardNumbers(s: string): string {
  const spans = cardNumberSpans(s).sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return s;
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    if (start >= at) out += s.slice(at, start) + '[redacted-number]';
    at = end;
  }
  return out + s.slice(at);
}
