export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay', 'maestro', 'unknown'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

export interface BrandRule {
  brand: Exclude<CardBrand, 'unknown'>;
  /** Display name, as printed on the card. */
  label: string;
  /** Inclusive prefix ranges; both ends have the same number of digits. */
  ranges: ReadonlyArray<readonly [number, number]>;
  lengths: readonly number[];
  cvcLength: number;
  /** Digit group sizes used to format the number as it is typed. */
  gaps: readonly number[];
}

const STANDARD_GAPS = [4, 4, 4, 4, 3] as const;

// Ordered: the first rule whose prefix matches wins, so narrower ranges come first
// (Discover's 622126-622925 sits inside UnionPay's 62).
export const BRAND_RULES: readonly BrandRule[] = [
  { brand: 'amex', label: 'American Express', ranges: [[34, 34], [37, 37]], lengths: [15], cvcLength: 4, gaps: [4, 6, 5] },
  { brand: 'diners', label: 'Diners Club', ranges: [[300, 305], [36, 36], [38, 39]], lengths: [14, 15, 16, 17, 18, 19], cvcLength: 3, gaps: [4, 6, 4, 5] },
  { brand: 'jcb', label: 'JCB', ranges: [[3528, 3589]], lengths: [16, 17, 18, 19], cvcLength: 3, gaps: STANDARD_GAPS },
  { brand: 'discover', label: 'Discover', ranges: [[6011, 6011], [644, 649], [65, 65], [622126, 622925]], lengths: [16, 17, 18, 19], cvcLength: 3, gaps: STANDARD_GAPS },
  { brand: 'unionpay', label: 'UnionPay', ranges: [[62, 62], [81, 81]], lengths: [16, 17, 18, 19], cvcLength: 3, gaps: STANDARD_GAPS },
  { brand: 'mastercard', label: 'Mastercard', ranges: [[51, 55], [2221, 2720]], lengths: [16], cvcLength: 3, gaps: STANDARD_GAPS },
  { brand: 'maestro', label: 'Maestro', ranges: [[5018, 5018], [5020, 5020], [5038, 5038], [5893, 5893], [6304, 6304], [6759, 6759], [6761, 6763], [50, 50], [56, 58], [6, 6]], lengths: [12, 13, 14, 15, 16, 17, 18, 19], cvcLength: 3, gaps: STANDARD_GAPS },
  { brand: 'visa', label: 'Visa', ranges: [[4, 4]], lengths: [13, 16, 19], cvcLength: 3, gaps: STANDARD_GAPS },
];

function prefixMatches(digits: string, [lo, hi]: readonly [number, number]): boolean {
  const width = String(lo).length;
  if (digits.length < width) {
    // Partial input: it matches if some completion could land in the range.
    const head = Number(digits);
    const scale = 10 ** (width - digits.length);
    return digits.length > 0 && head * scale <= hi && (head + 1) * scale - 1 >= lo;
  }
  const head = Number(digits.slice(0, width));
  return head >= lo && head <= hi;
}

/** The brand rule for a (possibly partial) digit string, or undefined when none matches yet. */
export function brandRuleFor(digits: string): BrandRule | undefined {
  if (digits.length === 0) return undefined;
  // For partial input prefer an exact-width match so "4" is Visa and "3" stays undecided.
  const full = BRAND_RULES.find((rule) => rule.ranges.some((r) => digits.length >= String(r[0]).length && prefixMatches(digits, r)));
  if (full) return full;
  const candidates = BRAND_RULES.filter((rule) => rule.ranges.some((r) => prefixMatches(digits, r)));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function detectBrand(digits: string): CardBrand {
  return brandRuleFor(digits)?.brand ?? 'unknown';
}

export function cvcLengthFor(brand: CardBrand): number {
  return BRAND_RULES.find((r) => r.brand === brand)?.cvcLength ?? 3;
}

export function brandLabel(brand: CardBrand): string {
  return BRAND_RULES.find((r) => r.brand === brand)?.label ?? 'Card';
}
