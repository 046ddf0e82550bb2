import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BenchContext } from '../../bench/scenario.ts';
import { scenario, testCardNumber } from '../../bench/scenarios/tokenize.ts';
import { startCheckoutServer, type CheckoutServer } from '../checkout-test-support.ts';
import { luhnValid } from '@cim/shared';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer({ env: { CIM_WIDGET_RATE_LIMIT_SCALE: '1000' } });
});
afterEach(async () => {
  await t.cleanup();
});

describe('bench scenario "tokenize"', () => {
  it('makes distinct valid card numbers', () => {
    const numbers = [0, 1, 2, 99_999].map(testCardNumber);
    expect(new Set(numbers).size).toBe(4);
    for (const n of numbers) expect(luhnValid(n)).toBe(true);
  });

  it('runs session → save → confirm against the real server, concurrently', async () => {
    const ctx: BenchContext = {
      baseUrl: t.base,
      merchant: { ...t.merchant },
      request: async (method, path, options = {}) => {
        const res = await t.call(method, path, null, options.body, options.headers);
        return { status: res.status, body: res.body, headers: Object.fromEntries(res.headers) };
      },
    };
    const iteration = await scenario.prepare(ctx);
    await Promise.all(Array.from({ length: 16 }, (_, i) => iteration(i, ctx)));
    expect((await t.api('GET', '/v1/customers?limit=100')).body.data).toHaveLength(16);
  });
});
