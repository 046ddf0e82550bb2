import type { BenchScenario } from './scenario.ts';
import { CARD_WRITE_BODY } from './scenarios/card-writes.ts';

/**
 * The baseline every scenario is compared with: a bare Hono JSON echo served by
 * the same server process (CIM_BENCH_ECHO=1), sent the same body as a card write.
 */
export const echo: BenchScenario = {
  name: 'echo',
  description: 'POST /bench/echo (bare Hono JSON echo, same body as a card write): the baseline',
  prepare: async () => async (i, ctx) => {
    const res = await ctx.request('POST', '/bench/echo', { body: CARD_WRITE_BODY(i) });
    if (res.status !== 200) throw new Error(`echo: ${res.status}`);
  },
};
