import type { SubscriptionRecord } from '../store/types.ts';

/** totalOccurrences of a subscription without an end, as Authorize.Net writes it. */
export const ONGOING = 9999;

const DAY_MS = 86_400_000;
const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** Today's date (YYYY-MM-DD) in UTC, the calendar subscriptions run on. */
export const utcDate = (d: Date) => d.toISOString().slice(0, 10);

type Schedule = Pick<SubscriptionRecord, 'startDate' | 'intervalLength' | 'intervalUnit' | 'totalOccurrences' | 'trialOccurrences' | 'amountMinor' | 'trialAmountMinor'>;

/**
 * The date of occurrence `n` (1-based). Monthly schedules keep the start's day
 * of month, or the month's last day when it is shorter (a 31st bills on the 30th in June).
 */
export function occurrenceDate(s: Schedule, n: number): string {
  const [y, m, d] = s.startDate.split('-').map(Number) as [number, number, number];
  if (s.intervalUnit === 'days') return utcDate(new Date(Date.UTC(y, m - 1, d) + (n - 1) * s.intervalLength * DAY_MS));
  const months = m - 1 + (n - 1) * s.intervalLength;
  const year = y + Math.floor(months / 12);
  const month0 = months % 12;
  return utcDate(new Date(Date.UTC(year, month0, Math.min(d, daysInMonth(year, month0)))));
}

export const hasOccurrence = (s: Schedule, n: number) => s.totalOccurrences === ONGOING || n <= s.totalOccurrences;

/** Trial occurrences are charged the trial amount, the rest the regular amount. */
export const occurrenceAmount = (s: Schedule, n: number) => (n <= s.trialOccurrences ? s.trialAmountMinor : s.amountMinor);

/** The schedule's position after occurrence `n` was claimed: the next one, or none (expired). */
export function afterOccurrence(s: Schedule, n: number): Pick<SubscriptionRecord, 'nextOccurrence' | 'nextDueDate'> {
  return { nextOccurrence: n + 1, nextDueDate: hasOccurrence(s, n + 1) ? occurrenceDate(s, n + 1) : null };
}
