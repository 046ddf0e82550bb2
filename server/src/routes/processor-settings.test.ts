import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizeNetSetting } from '../domain/processor-settings.ts';
import { AUTHORIZENET_PRODUCTION, AUTHORIZENET_SANDBOX } from '../processor/authorizenet/endpoint.ts';
import { AuthorizeNetProcessor } from '../processor/authorizenet/processor.ts';
import { Redacted } from '../redacted.ts';
import { makeTestApp } from '../test-support.ts';
import { json, rowCounts, type TestApp } from './fixtures.ts';
import { storedCard } from './transaction-fixtures.ts';

const LOGIN = 'ShopLogin7Q2x';
const KEY = 'Tk9x2mQ7vB4nL8pZ';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ env: { CIM_GATEWAY_HOSTS: '127.0.0.1, gateway.example' } });
});
afterEach(() => t.cleanup());

const put = (body: unknown) => t.api('PUT', '/v1/settings/processor', body);

describe('PUT/GET /v1/settings/processor', () => {
  it('is the sandbox until set; an Authorize.Net account is answered masked, never its transaction key', async () => {
    expect(await json(await t.api('GET', '/v1/settings/processor'))).toEqual({ processor: 'sandbox', updatedAt: null });

    const res = await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text)).toEqual({ processor: 'authorizenet', endpoint: AUTHORIZENET_PRODUCTION, apiLoginId: 'XXXX7Q2x', updatedAt: '2026-06-15T12:00:00.000Z' });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(LOGIN);
    const got = await t.api('GET', '/v1/settings/processor');
    expect(await got.clone().text()).not.toContain(KEY);
    expect(await json(got)).toMatchObject({ processor: 'authorizenet', endpoint: AUTHORIZENET_PRODUCTION });

    // The other merchant still has the sandbox; its own setting does not see this one.
    expect(await json(await t.otherApi('GET', '/v1/settings/processor'))).toEqual({ processor: 'sandbox', updatedAt: null });

    // Opened for a call, the credentials are the ones given, and print as [redacted].
    const setting = await authorizeNetSetting(t.deps.store, t.deps.keyring, t.merchant.id);
    expect(setting?.apiLoginId.unwrap()).toBe(LOGIN);
    expect(setting?.transactionKey.unwrap()).toBe(KEY);
    expect(JSON.stringify(setting)).not.toContain(KEY);

    expect(await json(await put({ processor: 'sandbox' }))).toEqual({ processor: 'sandbox', updatedAt: '2026-06-15T12:00:00.000Z' });
    expect(await t.deps.store.merchantProcessors.get(t.merchant.id)).toMatchObject({ processor: 'sandbox', apiLoginIdCt: null, transactionKeyCt: null });
  });

  it('accepts the sandbox endpoint and hosts the operator lists (plain http only for a listed loopback host)', async () => {
    expect(await json(await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY, endpoint: AUTHORIZENET_SANDBOX }))).toMatchObject({ endpoint: AUTHORIZENET_SANDBOX });
    expect((await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY, endpoint: 'https://gateway.example/xml/v1/request.api' })).status).toBe(200);
    expect((await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY, endpoint: 'http://127.0.0.1:9/xml/v1/request.api' })).status).toBe(200);
  });

  it('refuses endpoints card data must not go to, and bad credentials, writing nothing', async () => {
    await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY, endpoint: AUTHORIZENET_SANDBOX });
    const before = await t.deps.store.merchantProcessors.get(t.merchant.id);
    const refused = [
      { endpoint: 'https://evil.example/xml/v1/request.api' },
      { endpoint: 'http://api.authorize.net/xml/v1/request.api' },
      { endpoint: 'http://gateway.example/xml/v1/request.api' },
      { endpoint: 'http://localhost:9/xml/v1/request.api' },
      { endpoint: 'https://user:pw@api.authorize.net/xml/v1/request.api' },
      { endpoint: 'not a url' },
      { endpoint: 'file:///etc/passwd' },
    ];
    for (const over of refused) {
      const res = await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY, ...over });
      expect(res.status, over.endpoint).toBe(400);
      expect(await json(res)).toMatchObject({ error: { code: 'invalid_request', field: 'endpoint' } });
    }
    for (const body of [
      { processor: 'authorizenet', apiLoginId: LOGIN },
      { processor: 'authorizenet', apiLoginId: 'has space', transactionKey: KEY },
      { processor: 'stripe' },
      { processor: 'sandbox', apiLoginId: LOGIN },
    ]) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain(KEY);
    }
    expect(await t.deps.store.merchantProcessors.get(t.merchant.id)).toEqual(before);
  });

  it('the connector refuses an endpoint the operator no longer allows, before any call', () => {
    const setting = { endpoint: 'https://gone.example/xml/v1/request.api', apiLoginId: new Redacted(LOGIN), transactionKey: new Redacted(KEY) };
    expect(() => new AuthorizeNetProcessor(setting, { timeoutMs: 1000, gatewayHosts: [] })).toThrow(/not Authorize.Net's/);
    expect(() => new AuthorizeNetProcessor({ ...setting, endpoint: AUTHORIZENET_SANDBOX }, { timeoutMs: 1000, gatewayHosts: [] })).not.toThrow();
  });

  it('binds the sealed credentials to the endpoint: a URL changed in the database no longer opens them', async () => {
    await put({ processor: 'authorizenet', apiLoginId: LOGIN, transactionKey: KEY, endpoint: AUTHORIZENET_SANDBOX });
    const row = (await t.deps.store.merchantProcessors.get(t.merchant.id))!;
    await t.deps.store.merchantProcessors.put({ ...row, endpoint: 'https://gateway.example/xml/v1/request.api' });
    await expect(authorizeNetSetting(t.deps.store, t.deps.keyring, t.merchant.id)).rejects.toThrow();
    // A charge is then refused before anything is written or sent.
    const ids = await storedCard(t.api);
    const before = await rowCounts(t);
    const res = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: '5.00', ...ids });
    expect(res.status).toBe(502);
    expect(await json(res)).toMatchObject({ error: { code: 'processor_error', message: expect.stringContaining('cannot be opened') } });
    expect(await rowCounts(t)).toEqual(before);
    // Copied to another merchant, the ciphertext does not open either.
    await t.deps.store.merchantProcessors.put({ ...row, merchantId: t.other.id });
    await expect(authorizeNetSetting(t.deps.store, t.deps.keyring, t.other.id)).rejects.toThrow();
  });
});
