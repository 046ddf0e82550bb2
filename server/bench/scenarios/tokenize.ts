import type { BenchContext, BenchScenario } from '../scenario.ts';

/** A distinct, Luhn-valid Visa number per iteration, so every save is a new card. */
export function testCardNumber(i: number): string {
  const body = `4${String(i).padStart(14, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = Number(body[body.length - 1 - k]);
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function expect(step: string, res: { status: number; body: unknown }, status: number): void {
  if (res.status === status) return;
  const hint = res.status === 429 ? ' (start the server with CIM_WIDGET_RATE_LIMIT_SCALE=100000: one address runs every session here)' : '';
  throw new Error(`${step}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}${hint}`);
}

/**
 * The tokenization path a shopper takes: the merchant's server opens a session,
 * the frame saves a new card through the widget API, and confirms it into a
 * signed result token. Three requests, two durable commits, one Ed25519 signature.
 */
export const scenario: BenchScenario = {
  name: 'tokenize',
  description: 'POST /v1/sessions → POST /widget/api/payment-profiles → POST /widget/api/confirm',
  prepare: async (ctx: BenchContext) => {
    const origin = ctx.merchant.allowedOrigins[0];
    if (!origin) throw new Error('tokenize: the bench merchant needs an allowed origin');
    const secret = { authorization: `Bearer ${ctx.merchant.secretKey}` };
    return async (i, c) => {
      const session = await c.request('POST', '/v1/sessions', { headers: secret, body: { origin } });
      expect('session', session, 201);
      const widget = { authorization: `Bearer ${(session.body as { token: string }).token}` };
      const saved = await c.request('POST', '/widget/api/payment-profiles', {
        headers: widget,
        body: { card: { number: testCardNumber(i), expMonth: 12, expYear: 2034, cvc: '123' }, billTo: { firstName: 'Bench', lastName: 'Shopper', zip: '10001', country: 'US' } },
      });
      expect('save card', saved, 201);
      const confirmed = await c.request('POST', '/widget/api/confirm', {
        headers: widget,
        body: { paymentProfileId: (saved.body as { paymentProfile: { id: string } }).paymentProfile.id },
      });
      expect('confirm', confirmed, 200);
      if (typeof (confirmed.body as { token?: unknown }).token !== 'string') throw new Error('confirm: no token in the answer');
    };
  },
};

export default scenario;
