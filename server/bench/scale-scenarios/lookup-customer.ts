import type { BenchScenario } from '../scenario.ts';
import { seeded, spread } from './seeded.ts';

/** GET /v1/customers?merchantCustomerId=… over the whole seeded range. */
export const scenario: BenchScenario = {
  name: 'lookup-mcid',
  description: 'GET /v1/customers?merchantCustomerId= (index lookup + 5 masked cards)',
  prepare: async (ctx) => {
    const s = seeded(ctx);
    return async (i, c) => {
      const res = await c.request('GET', `/v1/customers?merchantCustomerId=${s.tag}-${spread(i, s.customers)}`, { headers: s.auth });
      if (res.status !== 200 || (res.body as { data: unknown[] }).data.length !== 1) throw new Error(`lookup: ${res.status} ${JSON.stringify(res.body)}`);
    };
  },
};

export default scenario;
