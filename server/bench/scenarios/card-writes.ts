import { luhnValid } from '@cim/shared';
import type { BenchContext, BenchScenario } from '../scenario.ts';

/** Customers made up front: each holds at most 10 payment profiles. */
const CUSTOMERS = 8000;
const PER_CUSTOMER = 10;

/** A distinct Luhn-valid Mastercard number per iteration (51 + 13 digits of i + check digit). */
function cardNumber(i: number): string {
  const body = `51${String(i).padStart(13, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

export const CARD_WRITE_BODY = (i: number) => ({
  card: { number: cardNumber(i), expMonth: 1 + (i % 12), expYear: 2030 + (i % 5), cvc: '123' },
  billTo: { firstName: 'Bench', lastName: 'Shopper', address: '1 Main St', city: 'Springfield', zip: '10001', country: 'US' },
});

/** Creates the customers with the generator's full concurrency; `prefix` keeps repeated runs on one vault apart. */
export async function createCustomers(ctx: BenchContext, count: number, prefix = 'bench'): Promise<string[]> {
  const auth = { authorization: `Bearer ${ctx.merchant.secretKey}` };
  const ids: string[] = new Array<string>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let k = next++; k < count; k = next++) {
        const res = await ctx.request('POST', '/v1/customers', { headers: auth, body: { merchantCustomerId: `${prefix}-${k}` } });
        if (res.status !== 201) throw new Error(`customer: ${res.status} ${JSON.stringify(res.body)}`);
        ids[k] = (res.body as { id: string }).id;
      }
    }),
  );
  return ids;
}

/**
 * Card writes: POST /v1/customers/:id/payment-profiles with a new card each time
 * (validate, encrypt number and expiry, two HMACs, limit/duplicate/default checks,
 * insert + audit entry in one durable group commit). Spread over many customers,
 * ten cards each, since a customer holds at most ten.
 */
export const scenario: BenchScenario = {
  name: 'card-writes',
  description: 'POST /v1/customers/:id/payment-profiles (validate, encrypt, fingerprint, durable insert)',
  prepare: async (ctx) => {
    // params.prefix: a second run on the same vault (bench/run.ts's instance scaling) makes its own customers.
    const customers = await createCustomers(ctx, CUSTOMERS, ctx.params.prefix);
    const auth = { authorization: `Bearer ${ctx.merchant.secretKey}` };
    return async (i, c) => {
      // Round robin over the customers: concurrent writes go to different customers, as a vault's do
      // (ten at once for one customer would only measure how its limit check serializes).
      const customerId = i < CUSTOMERS * PER_CUSTOMER ? customers[i % CUSTOMERS] : undefined;
      if (!customerId) throw new Error(`card-writes: more than ${CUSTOMERS * PER_CUSTOMER} iterations; raise CUSTOMERS`);
      const res = await c.request('POST', `/v1/customers/${customerId}/payment-profiles`, { headers: auth, body: CARD_WRITE_BODY(i) });
      if (res.status !== 201) throw new Error(`card write: ${res.status} ${JSON.stringify(res.body)}`);
    };
  },
};

export default scenario;
