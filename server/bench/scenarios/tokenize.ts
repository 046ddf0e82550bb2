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

interface SavedAndConfirmed {
  paymentProfile: { id: string };
  token: string;
  card: { last4: string };
}

const segment = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString()) as Record<string, unknown>;

/** The answer must carry a signed result token for the card just saved: checked on every iteration. */
export function checkTokenShape(answer: SavedAndConfirmed, last4: string): void {
  const parts = typeof answer.token === 'string' ? answer.token.split('.') : [];
  const ok = (() => {
    if (parts.length !== 3 || !/^[A-Za-z0-9_-]{80,}$/.test(parts[2]!)) return false;
    const header = segment(parts[0]);
    const claims = segment(parts[1]) as { paymentProfileId?: unknown; customerProfileId?: unknown; card?: { last4?: unknown }; exp?: unknown };
    return (
      header.alg === 'EdDSA' &&
      header.typ === 'cim-checkout+jwt' &&
      typeof header.kid === 'string' &&
      claims.paymentProfileId === answer.paymentProfile.id &&
      typeof claims.customerProfileId === 'string' &&
      claims.card?.last4 === last4 &&
      answer.card.last4 === last4 &&
      typeof claims.exp === 'number'
    );
  })();
  if (!ok) throw new Error(`save with confirm: no well-formed result token for the saved card in ${JSON.stringify(answer).slice(0, 300)}`);
}

/**
 * The tokenization path a shopper paying with a new card takes: the merchant's server
 * opens a session, and the frame saves the card with `confirm: true`, getting the signed
 * result token in the same answer. Two requests, two durable commits, one Ed25519 signature.
 */
export const scenario: BenchScenario = {
  name: 'tokenize',
  description: 'POST /v1/sessions → POST /widget/api/payment-profiles {confirm: true} → result token',
  prepare: async (ctx: BenchContext) => {
    const origin = ctx.merchant.allowedOrigins[0];
    if (!origin) throw new Error('tokenize: the bench merchant needs an allowed origin');
    const secret = { authorization: `Bearer ${ctx.merchant.secretKey}` };
    return async (i, c) => {
      const session = await c.request('POST', '/v1/sessions', { headers: secret, body: { origin } });
      expect('session', session, 201);
      const number = testCardNumber(i);
      const saved = await c.request('POST', '/widget/api/payment-profiles', {
        headers: { authorization: `Bearer ${(session.body as { token: string }).token}` },
        body: {
          card: { number, expMonth: 12, expYear: 2034, cvc: '123' },
          billTo: { firstName: 'Bench', lastName: 'Shopper', zip: '10001', country: 'US' },
          confirm: true,
        },
      });
      expect('save card with confirm', saved, 201);
      checkTokenShape(saved.body as SavedAndConfirmed, number.slice(-4));
    };
  },
};

export default scenario;
