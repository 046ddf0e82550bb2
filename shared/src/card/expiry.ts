export interface Expiry {
  month: number;
  year: number;
}

export type ExpiryProblem = 'format' | 'expired';

/** A card is valid through the last day of its expiry month. */
export function isExpired(expiry: Expiry, now: Date = new Date()): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expiry.year < year || (expiry.year === year && expiry.month < month);
}

export function checkExpiry(month: number, year: number, now: Date = new Date()): { ok: boolean; problem?: ExpiryProblem } {
  if (!Number.isInteger(month) || month < 1 || month > 12) return { ok: false, problem: 'format' };
  if (!Number.isInteger(year) || year < 2000 || year > now.getUTCFullYear() + 50) return { ok: false, problem: 'format' };
  if (isExpired({ month, year }, now)) return { ok: false, problem: 'expired' };
  return { ok: true };
}

/** Parses "MM/YY", "MM / YY", "MMYY" or "MM/YYYY" as typed into an expiry field. */
export function parseExpiryInput(input: string): Expiry | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(input);
  if (!m) return null;
  const month = Number(m[1]);
  const yearText = m[2] ?? '';
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  return { month, year };
}

/** Authorize.Net's wire form: "YYYY-MM". */
export function formatExpiryYYYYMM(expiry: Expiry): string {
  return `${expiry.year}-${String(expiry.month).padStart(2, '0')}`;
}
