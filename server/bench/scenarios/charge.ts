import type { BenchContext, BenchScenario } from '../scenario.ts';

/** Stored profiles the iterations rotate over: as many as the load generator's connections. */
const PROFILES = 16;

function expect(step: string, res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`${step}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * The returning-customer path CIM exists for: charge a stored profile by its ids
 * (authCapture through the sandbox processor). One request: a profile read, one
 * decryption, the pending record and its result in two durable commits.
 * Amounts vary per iteration (1.00–60.99, clear of the sandbox's 70.0x triggers)
 * as a monthly bill would, and `duplicateWindowSeconds: 0` because a load test
 * charges the same profile many times a second on purpose.
 */
export const scenario: BenchScenario = {
  name: 'charge',
  description: 'POST /v1/transactions (authCapture by customerProfileId + paymentProfileId, sandbox processor)',
  prepare: async (ctx: BenchContext) => {
    const secret = { authorization: `Bearer ${ctx.merchant.secretKey}` };
    const profiles: Array<{ customerProfileId: string; paymentProfileId: string }> = [];
    for (let p = 0; p < PROFILES; p++) {
      const customer = await ctx.request('POST', '/v1/customers', { headers: secret, body: { merchantCustomerId: `bench-charge-${p}` } });
      expect('customer', customer, 201);
      const customerProfileId = (customer.body as { id: string }).id;
      const card = await ctx.request('POST', `/v1/customers/${customerProfileId}/payment-profiles`, {
        headers: secret,
        body: { card: { number: '4111111111111111', expMonth: 12, expYear: 2034 }, billTo: { firstName: 'Bench', lastName: 'Payer', address: '1 Main St', zip: '10001' } },
      });
      expect('payment profile', card, 201);
      profiles.push({ customerProfileId, paymentProfileId: (card.body as { id: string }).id });
    }
    return async (i, c) => {
      const cents = 100 + (i % 6000);
      const res = await c.request('POST', '/v1/transactions', {
        headers: secret,
        body: { type: 'authCapture', amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, duplicateWindowSeconds: 0, ...profiles[i % PROFILES] },
      });
      expect('charge', res, 201);
      if ((res.body as { status?: string }).status !== 'approved') throw new Error(`charge: not approved ${JSON.stringify(res.body)}`);
    };
  },
};

export default scenario;
