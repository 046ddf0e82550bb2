import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, type CheckoutServer } from '../checkout-test-support.ts';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string) => token.split('.').map((p, i) => (i < 2 ? JSON.parse(Buffer.from(p, 'base64url').toString()) : p)) as [Record<string, unknown>, Record<string, unknown>, string];

/** Re-signs a header and payload with the server's own current key (what a key thief could do). */
async function resign(header: Record<string, unknown>, payload: Record<string, unknown>) {
  const { privateKey } = await t.deps.signingKeys.signer();
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

const redeem = (token: string, api = t.api) => api('POST', '/v1/tokens/redeem', { token });

describe('result tokens', () => {
  it('carries exactly the documented claims, signed EdDSA with kid and typ', async () => {
    const { token, paymentProfileId } = await t.checkout();
    const [header, claims, signature] = decode(token);
    const jwks = (await t.call('GET', '/.well-known/jwks.json', null)).body as { keys: Array<{ kid: string }> };
    expect(header).toEqual({ alg: 'EdDSA', kid: jwks.keys[0]!.kid, typ: 'cim-checkout+jwt' });
    expect(Object.keys(claims).sort()).toEqual(['aud', 'card', 'customerProfileId', 'exp', 'iat', 'iss', 'jti', 'paymentProfileId', 'sub'].sort());
    expect(claims).toMatchObject({
      iss: 'http://localhost:8787',
      aud: t.merchant.id,
      paymentProfileId,
      card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 },
    });
    expect(claims.sub).toBe(claims.customerProfileId);
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(15 * 60);
    expect(signature.length).toBeGreaterThan(80);
  });

  it('redeems once: 200 with the claims, then 409 token_already_used', async () => {
    const { token, paymentProfileId } = await t.checkout();
    const first = await redeem(token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ aud: t.merchant.id, paymentProfileId });
    const second = await redeem(token);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('token_already_used');
  });

  it('lets exactly one of many simultaneous redemptions win', async () => {
    const { token } = await t.checkout();
    const results = await Promise.all(Array.from({ length: 12 }, () => redeem(token)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'token_already_used')).toBe(true);
  });

  it('lets exactly one of redemptions and charges racing with the same token win', async () => {
    const { token } = await t.checkout();
    const charge = () => t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '5.00', token, duplicateWindowSeconds: 0 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? charge() : redeem(token))));
    const won = results.filter((r) => r.status === 200 || r.status === 201);
    expect(won, JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'token_already_used')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    // Only the winner, if it was a charge, left a transaction behind.
    const customerId = (decode(token)[1] as { customerProfileId: string }).customerProfileId;
    const list = await t.api('GET', `/v1/customers/${customerId}/transactions`);
    expect(list.body.data).toHaveLength(won[0]!.status === 201 ? 1 : 0);
  });

  it('refuses a token with crit, or that brings its own key (jwk, jku, x5u), even when signed by our key', async () => {
    const { token } = await t.checkout();
    const [header, claims] = decode(token);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    // crit names an extension we do not understand: the token must be refused, not the extension skipped.
    const critical = await redeem(await resign({ ...header, crit: ['exp-policy'], 'exp-policy': 1 }, claims));
    expect(critical.status).toBe(401);
    // A header key is never trusted: the signature still has to be by the kid's key.
    for (const extra of [{ jwk }, { jku: 'https://evil.example/jwks.json' }, { x5u: 'https://evil.example/cert.pem' }, { jwk, kid: undefined }]) {
      const input = `${part({ ...header, ...extra })}.${part(claims)}`;
      const res = await redeem(`${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('token_invalid');
    }
    expect((await redeem(token)).status).toBe(200);
  });

  it("answers another merchant's token with 403 and leaves it redeemable by its owner", async () => {
    const { token } = await t.checkout();
    const theirs = await redeem(token, t.otherApi);
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('token_wrong_merchant');
    expect((await redeem(token)).status).toBe(200);
  });

  it('refuses an expired token (frozen clock moved past exp) with 401 token_expired', async () => {
    const { token } = await t.checkout();
    t.clock.advance(15 * 60 * 1000 + 1000);
    const res = await redeem(token);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
  });

  it('refuses a tampered payload with 401', async () => {
    const { token } = await t.checkout();
    const [h, , s] = token.split('.');
    const [, claims] = decode(token);
    const forged = `${h}.${part({ ...claims, paymentProfileId: '1234567890' })}.${s}`;
    const res = await redeem(forged);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_invalid');
    // The genuine token is still good: a failed forgery does not burn it.
    expect((await redeem(token)).status).toBe(200);
  });

  it('refuses alg "none" with 401', async () => {
    const { token } = await t.checkout();
    const [header, claims] = decode(token);
    const res = await redeem(`${part({ ...header, alg: 'none' })}.${part(claims)}.`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_invalid');
  });

  it('refuses a wrong typ even when signed by our own key', async () => {
    const { token } = await t.checkout();
    const [header, claims] = decode(token);
    for (const typ of ['JWT', 'at+jwt', undefined]) {
      const { typ: _drop, ...rest } = header;
      const res = await redeem(await resign(typ === undefined ? rest : { ...rest, typ }, claims));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('token_invalid');
    }
  });

  it('refuses an unknown kid, and a known kid with a stranger\'s signature', async () => {
    const { token } = await t.checkout();
    const [header, claims] = decode(token);
    const { privateKey } = generateKeyPairSync('ed25519');
    for (const kid of ['not-a-key', header.kid]) {
      const input = `${part({ ...header, kid })}.${part(claims)}`;
      const res = await redeem(`${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('token_invalid');
    }
  });

  it('refuses a wrong issuer, extra claims and an over-long lifetime even when signed by our key', async () => {
    const { token } = await t.checkout();
    const [header, claims] = decode(token);
    const iat = claims.iat as number;
    for (const payload of [{ ...claims, iss: 'https://evil.example' }, { ...claims, number: '4111111111111111' }, { ...claims, exp: iat + 3600 }]) {
      const res = await redeem(await resign(header, payload));
      expect(res.status).toBe(401);
    }
  });

  it('refuses garbage and requires a secret key', async () => {
    expect((await redeem('not.a.jwt')).status).toBe(401);
    expect((await redeem('')).status).toBe(400);
    const noKey = await t.call('POST', '/v1/tokens/redeem', null, { token: 'x' });
    expect(noKey.status).toBe(401);
  });
});

describe('JWKS and key rotation', () => {
  it('publishes the signing key with a cache lifetime', async () => {
    const res = await t.call('GET', '/.well-known/jwks.json', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(Object.keys(res.body.keys[0]).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });

  it('publishes a rotated key at once, signs with it after the cache time, and retires the old one after its tokens expired', async () => {
    const before = await t.checkout();
    const oldKid = decode(before.token)[0].kid;
    const { kid: newKid } = await t.deps.signingKeys.rotate();

    const published = async () => ((await t.call('GET', '/.well-known/jwks.json', null)).body.keys as Array<{ kid: string }>).map((k) => k.kid);
    expect(await published()).toEqual([oldKid, newKid]);
    // Still inside the cache time: the old key keeps signing.
    t.clock.advance(299_000);
    const during = await t.checkout();
    expect(decode(during.token)[0].kid).toBe(oldKid);

    t.clock.advance(1_000);
    const after = await t.checkout();
    expect(decode(after.token)[0].kid).toBe(newKid);
    // The last old-key token is still alive, so the old key is still published and still verifies.
    t.clock.advance(14 * 60 * 1000);
    expect(await published()).toEqual([oldKid, newKid]);
    expect((await redeem(during.token)).status).toBe(200);

    t.clock.advance(60 * 1000);
    expect(await published()).toEqual([newKid]);
    expect((await redeem(after.token)).body.error.code).toBe('token_expired');
    expect((await redeem((await t.checkout()).token)).status).toBe(200);
  });

  it('takes its cache lifetime and default activation delay from CIM_JWKS_CACHE_SECONDS', async () => {
    await t.cleanup();
    t = await startCheckoutServer({ env: { CIM_JWKS_CACHE_SECONDS: '60' } });
    const res = await t.call('GET', '/.well-known/jwks.json', null);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const { activeFrom } = await t.deps.signingKeys.rotate();
    expect(Date.parse(activeFrom)).toBe(t.clock.now().getTime() + 60_000);
  });

  it('keeps the private key sealed at rest', async () => {
    await t.checkout();
    const [row] = await t.deps.store.signingKeys.list();
    const jwk = JSON.parse(row!.publicJwk) as Record<string, unknown>;
    expect(jwk.d).toBeUndefined();
    expect(Buffer.from(row!.privateCt).includes(Buffer.from('MC4CAQAw', 'base64'))).toBe(false);
  });
});
