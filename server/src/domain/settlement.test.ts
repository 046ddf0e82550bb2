import { describe, expect, it } from 'vitest';
import { lastCutoff, settlementCutoff } from './settlement.ts';

describe('settlement cut-offs', () => {
  it('finds the last cut-off at or before now, and the one a capture settles at', () => {
    expect(lastCutoff(new Date('2026-06-15T12:00:00Z'), 0).toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect(lastCutoff(new Date('2026-06-15T12:00:00Z'), 15 * 60).toISOString()).toBe('2026-06-14T15:00:00.000Z');
    expect(lastCutoff(new Date('2026-06-15T15:00:00Z'), 15 * 60).toISOString()).toBe('2026-06-15T15:00:00.000Z');
    expect(settlementCutoff('2026-06-15T14:59:59.999Z', 15 * 60).toISOString()).toBe('2026-06-15T15:00:00.000Z');
    expect(settlementCutoff('2026-06-15T15:00:00.000Z', 15 * 60).toISOString()).toBe('2026-06-16T15:00:00.000Z');
  });
});
