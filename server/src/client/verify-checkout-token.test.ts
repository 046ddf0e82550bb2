import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, type CheckoutServer } from '../checkout-test-support.ts';
import { CheckoutTokenError, verifyCheckoutToken } from './verify-checkout-token.ts';

let t: CheckoutServer;
beforeEach(async () => {
  // The helper checks expiry against the real clock, so the server's clock starts at real time.
  t = await startCheckoutServer({ now: new Date(), env: { CIM_PUBLIC_URL: 'http://localhost:8787/' } });
});
afterEach(async () => {
  await t.cleanup();
});

describe('verifyCheckoutToken (merchant side, over the real JWKS endpoint)', () => {
  it('verifies a token offline and returns its claims', async () => {
    const { token, paymentProfileId } = await t.checkout();
    const claims = await verifyCheckoutToken(token, { jwksUrl: `${t.base}/.well-known/jwks.json`, merchantId: t.merchant.id, issuer: 'http://localhost:8787' });
    expect(claims).toMatchObject({ aud: t.merchant.id, paymentProfileId, card: { last4: '1111' } });
  });

  it('rejects another merchant\'s token, a tampered one and the wrong issuer with stable codes', async () => {
    const { token } = await t.checkout();
    const options = { jwksUrl: `${t.base}/.well-known/jwks.json`, merchantId: t.merchant.id, issuer: 'http://localhost:8787' };
    const code = (p: Promise<unknown>) => p.then(() => 'verified', (e: unknown) => (e instanceof CheckoutTokenError ? e.code : String(e)));
    expect(await code(verifyCheckoutToken(token, { ...options, merchantId: t.other.id }))).toBe('token_wrong_merchant');
    expect(await code(verifyCheckoutToken(token.slice(0, -4) + 'AAAA', options))).toBe('token_invalid');
    // Without `issuer` the helper expects the JWKS URL's base, which is not this token's issuer.
    expect(await code(verifyCheckoutToken(token, { jwksUrl: options.jwksUrl, merchantId: t.merchant.id }))).toBe('token_invalid');
  });

  it('matches the plain-jose example in docs/tokens.md', async () => {
    const { token } = await t.checkout();
    const [CIM_URL, MERCHANT_ID] = ['http://localhost:8787', t.merchant.id];
    const JWKS = createRemoteJWKSet(new URL(`${t.base}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(token, JWKS, {
      algorithms: ['EdDSA'],
      issuer: CIM_URL,
      audience: MERCHANT_ID,
      typ: 'cim-checkout+jwt',
      maxTokenAge: '15m',
    });
    expect(payload.paymentProfileId).toMatch(/^\d{10}$/);
  });
});
