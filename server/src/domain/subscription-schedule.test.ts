import { describe, expect, it } from 'vitest';
import { afterOccurrence, occurrenceAmount, occurrenceDate } from './subscription-schedule.ts';

const monthly = { startDate: '2026-01-31', intervalLength: 1, intervalUnit: 'months' as const, totalOccurrences: 3, trialOccurrences: 1, amountMinor: 1000, trialAmountMinor: 100 };

describe('subscription schedule', () => {
  it('keeps the day of month, or the last day of a shorter month', () => {
    expect([1, 2, 3, 4, 13].map((n) => occurrenceDate(monthly, n))).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2027-01-31']);
    expect(occurrenceDate({ ...monthly, intervalLength: 3 }, 2)).toBe('2026-04-30');
  });

  it('adds days for daily schedules, charges the trial amount first and ends after the total', () => {
    expect(occurrenceDate({ ...monthly, intervalUnit: 'days', intervalLength: 7 }, 3)).toBe('2026-02-14');
    expect([1, 2].map((n) => occurrenceAmount(monthly, n))).toEqual([100, 1000]);
    expect(afterOccurrence(monthly, 2)).toEqual({ nextOccurrence: 3, nextDueDate: '2026-03-31' });
    expect(afterOccurrence(monthly, 3)).toEqual({ nextOccurrence: 4, nextDueDate: null });
    expect(afterOccurrence({ ...monthly, totalOccurrences: 9999 }, 500).nextDueDate).not.toBeNull();
  });
});
