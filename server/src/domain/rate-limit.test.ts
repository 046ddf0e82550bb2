import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { CimError } from '../errors.ts';
import { TokenBuckets, WidgetRateLimits } from './rate-limit.ts';

describe('TokenBuckets', () => {
  it('allows a burst, then says how long to wait, and refills with time', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5 }, clock);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(2);
    expect(buckets.take('b')).toBe(0);
    clock.advance(1000);
    expect(buckets.take('a')).toBe(1);
    clock.advance(1000);
    expect(buckets.take('a')).toBe(0);
  });

  it('does not drain a bucket when the clock steps backwards', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:10Z'));
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 1 }, clock);
    expect(buckets.take('a')).toBe(0);
    clock.set(new Date('2026-01-01T00:00:00Z'));
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('forgets idle keys when it holds too many', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1 }, clock, 2);
    buckets.take('a');
    buckets.take('b');
    clock.advance(5000);
    expect(buckets.take('c')).toBe(0);
    expect(buckets.take('a')).toBe(0);
  });
});

describe('WidgetRateLimits', () => {
  it('throws rate_limited with a whole-second Retry-After, scaled by configuration', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const limits = new WidgetRateLimits(clock, 2);
    for (let i = 0; i < 120; i++) limits.session('s1');
    let caught: unknown;
    try {
      limits.session('s1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CimError);
    expect(caught).toMatchObject({ code: 'rate_limited', retryAfter: 1 });
  });

  it('limits card saves per merchant across every address and session', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const limits = new WidgetRateLimits(clock);
    for (let i = 0; i < 600; i++) limits.cardSave(`10.0.${i >> 8}.${i & 255}`, 'mer_a');
    expect(() => limits.cardSave('10.9.9.9', 'mer_a')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    // Another merchant's shoppers are not held back.
    expect(() => limits.cardSave('10.9.9.9', 'mer_b')).not.toThrow();
  });
});
