import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BenchContext } from '../../bench/scenario.ts';
import { checkTokenShape, scenario, testCardNumber } from '../../bench/scenarios/tokenize.ts';
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

  it('fails an iteration whose answer carries no result token for the card just saved', async () => {
    const w = t.widget(await t.newSession());
    const answer = (await w('POST', '/payment-profiles', { card: { number: '4111111111111111', expMonth: 12, expYear: 2030, cvc: '123' }, billTo: { firstName: 'A', zip: '10001' }, confirm: true })).body;
    expect(() => checkTokenShape(answer, '1111')).not.toThrow();
    expect(() => checkTokenShape(answer, '4242')).toThrow(/no well-formed result token/);
    expect(() => checkTokenShape({ ...answer, paymentProfile: { id: '1234567890' } }, '1111')).toThrow(/no well-formed/);
    expect(() => checkTokenShape({ ...answer, token: undefined }, '1111')).toThrow(/no well-formed/);
    expect(() => checkTokenShape({ ...answer, token: answer.token.split('.').slice(0, 2).join('.') + '.' }, '1111')).toThrow(/no well-formed/);
  });

  it('runs session → save with confirm against the real server, concurrently', async () => {
    const ctx: BenchContext = {
      baseUrl: t.base,
      merchant: { ...t.merchant },
      params: {},
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
