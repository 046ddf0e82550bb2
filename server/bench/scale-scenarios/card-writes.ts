import type { BenchScenario } from '../scenario.ts';
import { CARD_WRITE_BODY, createCustomers } from '../scenarios/card-writes.ts';

const CUSTOMERS = 4000;
const PER_CUSTOMER = 10;

/** The main bench's card write, on a vault that already holds the seeded profiles; new customers per run. */
export const scenario: BenchScenario = {
  name: 'card-writes',
  description: 'POST /v1/customers/:id/payment-profiles on the seeded vault',
  prepare: async (ctx) => {
    const customers = await createCustomers(ctx, CUSTOMERS, `w${ctx.params.run ?? '0'}`);
    const auth = { authorization: `Bearer ${ctx.merchant.secretKey}` };
    return async (i, c) => {
      // Round robin over the customers: concurrent writes go to different customers, as a vault's do
      // (ten at once for one customer would only measure how its limit check serializes).
      const customerId = i < CUSTOMERS * PER_CUSTOMER ? customers[i % CUSTOMERS] : undefined;
      if (!customerId) throw new Error(`card-writes: more than ${CUSTOMERS * PER_CUSTOMER} iterations`);
      const res = await c.request('POST', `/v1/customers/${customerId}/payment-profiles`, { headers: auth, body: CARD_WRITE_BODY(i) });
      if (res.status !== 201) throw new Error(`card write: ${res.status} ${JSON.stringify(res.body)}`);
    };
  },
};

export default scenario;
