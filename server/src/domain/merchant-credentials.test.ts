import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { anetClient, firstMessage } from '../routes/anet/test-client.ts';
import { MERCHANT_CACHE_MS } from '../http/merchant-auth-cache.ts';
import { revokeCredential, rotateCredential, updateOrigins } from './merchant-credentials.ts';

/** A running server reuses an authenticated merchant this long: changes hold after it. */
const afterCache = () => t.clock.advance(MERCHANT_CACHE_MS);

let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

const get = (key: string) => t.app.request('/v1/customers', { headers: { authorization: `Bearer ${key}` } });

describe('merchant credentials', () => {
  it('rotates the secret key: both work during the overlap, then only the new one', async () => {
    expect((await get(t.merchant.secretKey)).status).toBe(200);
    const { key, previousValidUntil } = await rotateCredential(t.deps, t.merchant.id, 'secretKey', 60);
    expect(key).toMatch(/^sk_/);
    expect(previousValidUntil).toBe('2026-06-15T12:01:00.000Z');
    expect((await get(key)).status).toBe(200);
    expect((await get(t.merchant.secretKey)).status).toBe(200);
    t.clock.advance(61_000);
    expect((await get(t.merchant.secretKey)).status).toBe(401);
    expect((await get(key)).status).toBe(200);
    // Another merchant is untouched.
    expect((await get(t.other.secretKey)).status).toBe(200);
  });

  it('a second rotation ends the first one’s overlap; revoke refuses every earlier key at once', async () => {
    const first = await rotateCredential(t.deps, t.merchant.id, 'secretKey', 3600);
    const second = await rotateCredential(t.deps, t.merchant.id, 'secretKey', 3600);
    afterCache();
    expect((await get(t.merchant.secretKey)).status).toBe(401);
    expect((await get(first.key)).status).toBe(200);
    const revoked = await revokeCredential(t.deps, t.merchant.id, 'secretKey');
    afterCache();
    expect((await get(first.key)).status).toBe(401);
    expect((await get(second.key)).status).toBe(401);
    expect((await get(revoked.key)).status).toBe(200);
  });

  it('rotates the Authorize.Net transaction key with the same overlap rule', async () => {
    const { call } = anetClient(() => t);
    const withKey = (transactionKey: string) => call('authenticateTestRequest', {}, { ...t.merchant, transactionKey });
    const { key } = await rotateCredential(t.deps, t.merchant.id, 'transactionKey', 60);
    expect(firstMessage(await withKey(key)).code).toBe('I00001');
    expect(firstMessage(await withKey(t.merchant.transactionKey)).code).toBe('I00001');
    t.clock.advance(61_000);
    expect(firstMessage(await withKey(t.merchant.transactionKey)).code).toBe('E00007');
    expect(firstMessage(await withKey(key)).code).toBe('I00001');
  });

  it('refuses an unknown merchant and an out-of-range overlap', async () => {
    await expect(rotateCredential(t.deps, 'mer_nope', 'secretKey', 60)).rejects.toMatchObject({ code: 'not_found' });
    await expect(rotateCredential(t.deps, t.merchant.id, 'secretKey', -1)).rejects.toMatchObject({ code: 'invalid_request' });
    expect((await get(t.merchant.secretKey)).status).toBe(200);
  });

  it('adds and removes origins; origin_not_allowed tells the merchant server what is registered and how to add one', async () => {
    const refused = await t.api('POST', '/v1/sessions', { origin: 'https://new.shop.test' });
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('origin_not_allowed');
    expect(error.message).toContain('registered: http://shop.test');
    expect(error.message).toContain(`cim merchant update ${t.merchant.id} --add-origin https://new.shop.test`);
    expect(await updateOrigins(t.deps, t.merchant.id, { add: ['https://new.shop.test/'], remove: ['http://shop.test'] })).toEqual(['https://new.shop.test']);
    afterCache();
    expect((await t.api('POST', '/v1/sessions', { origin: 'https://new.shop.test' })).status).toBe(201);
    expect((await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' })).status).toBe(400);
  });
});
