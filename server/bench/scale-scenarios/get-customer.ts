import type { BenchScenario } from '../scenario.ts';
import { seeded, seededCustomerIds } from './seeded.ts';

/** GET /v1/customers/:id of seeded customers across the whole vault: the profile, its five masked cards, an audit row. */
export const scenario: BenchScenario = {
  name: 'get-customer',
  description: 'GET /v1/customers/:id (customer + 5 masked cards + audit row)',
  prepare: async (ctx) => {
    const s = seeded(ctx);
    const ids = await seededCustomerIds(ctx, s, 500);
    return async (i, c) => {
      const res = await c.request('GET', `/v1/customers/${ids[i % ids.length]}`, { headers: s.auth });
      if (res.status !== 200) throw new Error(`get customer: ${res.status} ${JSON.stringify(res.body)}`);
    };
  },
};

export default scenario;
