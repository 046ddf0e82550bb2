import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CimError } from '../errors.ts';
import { makeTestDeps, testStore } from '../test-support.ts';
import { openAnotherStore } from '../testing/another-instance.ts';
import { RateLimits } from './rate-limit.ts';

let t: ReturnType<typeof makeTestDeps>;
beforeEach(async () => {
  const store = await testStore();
  t = makeTestDeps(store ? { store } : {});
});
afterEach(() => t.cleanup());

const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('RateLimits', () => {
  it('throws rate_limited with a whole-second Retry-After, scaled by configuration', async () => {
    const limits = new RateLimits(t.deps, 2);
    for (let i = 0; i < 120; i++) await limits.session('s1');
    const caught = await rejection(limits.session('s1'));
    expect(caught).toBeInstanceOf(CimError);
    expect(caught).toMatchObject({ code: 'rate_limited', retryAfter: 1 });
  });

  it('limits card saves per merchant across every address and session', async () => {
    const limits = new RateLimits(t.deps);
    await Promise.all(Array.from({ length: 600 }, (_, i) => limits.cardSave(`10.0.${i >> 8}.${i & 255}`, 'mer_a', null)));
    expect(await rejection(limits.cardSave('10.9.9.9', 'mer_a', null))).toMatchObject({ code: 'rate_limited' });
    // Another merchant's shoppers are not held back.
    expect(await rejection(limits.cardSave('10.9.9.9', 'mer_b', null))).toBeNull();
  });

  it('limits saves of one card number across sessions and addresses: rotating addresses does not help a card tester', async () => {
    const limits = new RateLimits(t.deps);
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => rejection(limits.cardSave(`198.51.${i >> 8}.${i & 255}`, 'mer_a', 'f00d'))));
    expect(outcomes.filter((o) => o === null)).toHaveLength(5);
    expect(outcomes.filter((o) => (o as CimError | null)?.code === 'rate_limited')).toHaveLength(115);
    // Another card from those addresses is still fine.
    expect(await rejection(limits.cardSave('198.51.0.0', 'mer_a', 'beef'))).toBeNull();
  });

  it('holds across two instances on one database (the budget is in the database, not in a process)', async () => {
    const second = await openAnotherStore(t);
    try {
      const a = new RateLimits(t.deps);
      const b = new RateLimits({ store: second, clock: t.clock });
      for (let i = 0; i < 300; i++) await (i % 2 ? a : b).sessionCreate('mer_x');
      for (let i = 0; i < 300; i++) await (i % 2 ? a : b).sessionCreate('mer_x');
      expect(await rejection(b.sessionCreate('mer_x'))).toMatchObject({ code: 'rate_limited' });
      expect(await rejection(a.sessionCreate('mer_x'))).toMatchObject({ code: 'rate_limited' });
      t.clock.advance(1000);
      expect(await rejection(a.sessionCreate('mer_x'))).toBeNull();
    } finally {
      await second.close();
    }
  });
});
