/**
 * The demo's merchant client (demo/src/merchant/cim-client.ts, the integration guide) against the
 * real CIM server over HTTP: sessions, offline verification pinned as we tell merchants, and
 * charges whose retry with the same idempotency key never charges twice.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CimApiError, createCimClient, type CimClient } from '../../../demo/src/merchant/cim-client.ts';
import { createApp } from '../../../server/src/app.ts';
import { createMerchant, type MerchantCredentials } from '../../../server/src/domain/merchants.ts';
import { makeTestDeps } from '../../../server/src/test-support.ts';
import { closeServer, listenOnFreePort, serveApp } from '../loopback.ts';

const SHOP = 'http://localhost:3999';
let env: ReturnType<typeof makeTestDeps>;
let server: Server | undefined;
let cimUrl: string;
let merchant: MerchantCredentials;
let other: MerchantCredentials;
let client: CimClient;

beforeAll(async () => {
  // The issuer in tokens is CIM_PUBLIC_URL: the URL the client is given. Real time: jose checks `exp`.
  const listening = await listenOnFreePort();
  server = listening.server;
  cimUrl = `http://127.0.0.1:${listening.port}`;
  env = makeTestDeps({ now: new Date(), env: { CIM_PUBLIC_URL: cimUrl } });
  merchant = await createMerchant(env.deps, { name: 'Shop', origins: [SHOP] });
  other = await createMerchant(env.deps, { name: 'Other shop', origins: [SHOP] });
  serveApp(server, createApp(env.deps).fetch);
  client = createCimClient({ cimUrl, merchantId: merchant.id, secretKey: merchant.secretKey, shopOrigin: SHOP });
});

afterAll(async () => {
  if (server) await closeServer(server);
  await env?.cleanup();
});

/** What the iframe does with a session: save a card, then confirm it for the result token. */
async function tokenFor(session: string, card = '4111111111111111'): Promise<string> {
  const widget = (path: string, body: unknown) =>
    fetch(`${cimUrl}/widget/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, json: (await r.json()) as Record<string, any> }),
    );
  const saved = await widget('/payment-profiles', { card: { number: card, expMonth: 12, expYear: 2031, cvc: '123' }, billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '10001', country: 'US' } });
  expect(saved.status).toBe(201);
  const confirmed = await widget('/confirm', { paymentProfileId: saved.json.paymentProfile.id });
  expect(confirmed.status).toBe(200);
  return confirmed.json.token as string;
}

describe('the merchant client of the demo', () => {
  it('creates a session for a new shopper, verifies the result token offline, and charges it once', async () => {
    const session = await client.createSession({ merchantCustomerId: 'shopper-1' });
    const token = await tokenFor(session.token);
    const claims = await client.verifyCheckoutToken(token);
    expect(claims.card).toMatchObject({ brand: 'visa', last4: '1111' });
    expect((await client.getCustomer(claims.customerProfileId)).merchantCustomerId).toBe('shopper-1');

    const tx = await client.charge('12.34', { token }, 'order-1');
    expect(tx).toMatchObject({ status: 'approved', amount: '12.34', customerProfileId: claims.customerProfileId, paymentProfileId: claims.paymentProfileId });
    // The same token for another order: CIM redeemed it with the first charge.
    await expect(client.charge('12.34', { token }, 'order-2')).rejects.toMatchObject({ code: 'token_already_used' });
  });

  it('refuses a token meant for another merchant, and a session for an origin not registered', async () => {
    const otherClient = createCimClient({ cimUrl, merchantId: other.id, secretKey: other.secretKey, shopOrigin: SHOP });
    const token = await tokenFor((await otherClient.createSession({ merchantCustomerId: 'someone' })).token);
    await expect(client.verifyCheckoutToken(token)).rejects.toMatchObject({ name: 'CheckoutTokenError', code: 'token_wrong_merchant' });
    const stranger = createCimClient({ cimUrl, merchantId: merchant.id, secretKey: merchant.secretKey, shopOrigin: 'http://evil.example' });
    await expect(stranger.createSession({ merchantCustomerId: 'x' })).rejects.toBeInstanceOf(CimApiError);
  });

  it("retries a charge whose processor answer was lost with the same key: one charge, the first attempt's result", async () => {
    const session = await client.createSession({ merchantCustomerId: 'shopper-2' });
    const claims = await client.verifyCheckoutToken(await tokenFor(session.token, '5424000000000015'));
    const ids = { customerProfileId: claims.customerProfileId, paymentProfileId: claims.paymentProfileId };
    // Sandbox amount 70.02: the processor handles the call, but its answer is lost once (502).
    const tx = await client.charge('70.02', ids, 'usage-2026-11');
    expect(tx.status).toBe('approved');
    const history = (await fetch(`${cimUrl}/v1/customers/${ids.customerProfileId}/transactions`, { headers: { authorization: `Bearer ${merchant.secretKey}` } }).then((r) => r.json())) as {
      data: Array<{ id: string; status: string }>;
    };
    expect(history.data.map((t) => t.id)).toEqual([tx.id]);
  });
});
