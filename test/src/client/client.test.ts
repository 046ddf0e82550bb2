/**
 * @cim/client against the real CIM app over a socket, with a loopback proxy in front that can
 * answer 503/429 or drop the connection after CIM has answered: retries honour Retry-After, reuse
 * one Idempotency-Key (so a charge happens once), and failures are CimApiErrors with CIM's codes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CimApiError, createCimClient, ok, type CimClient } from '@cim/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/src/app.ts';
import { createMerchant, type MerchantCredentials } from '../../../server/src/domain/merchants.ts';
import { makeTestDeps } from '../../../server/src/test-support.ts';
import { closeServer, listenOnFreePort, serveApp } from '../loopback.ts';

type Step = 'pass' | '503' | '429' | '429-long' | 'drop-after' | 'drop-before';
const seen: Array<{ method: string; path: string; key: string | undefined }> = [];
let plan: Step[] = [];
let waits: number[] = [];

let env: ReturnType<typeof makeTestDeps>;
let cim: Server;
let cimUrl: string;
let proxy: Server;
let merchant: MerchantCredentials;
let client: CimClient;

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(Buffer.concat(chunks)));
  });

/** Answers as CIM does when its database fails over (503 database_unavailable, Retry-After: 1) or when rate limited. */
function refuse(res: ServerResponse, status: number, code: string, retryAfter?: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'proxy-1', ...(retryAfter && { 'retry-after': retryAfter }) });
  res.end(JSON.stringify({ error: { code, message: `${code} (from the test proxy)`, requestId: 'proxy-1' } }));
}

async function relay(req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  const step = plan.shift() ?? 'pass';
  seen.push({ method: req.method!, path: req.url!, key: req.headers['idempotency-key'] as string | undefined });
  if (step === '503') return refuse(res, 503, 'database_unavailable', '1');
  if (step === '429') return refuse(res, 429, 'rate_limited');
  if (step === '429-long') return refuse(res, 429, 'rate_limited', '3600');
  if (step === 'drop-before') return req.socket.destroy();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
  const answer = await fetch(cimUrl + req.url, { method: req.method!, headers, ...(body.length > 0 && { body: new Uint8Array(body) }) });
  const text = await answer.text();
  // CIM has acted and answered; the answer is lost on the way back.
  if (step === 'drop-after') return req.socket.destroy();
  res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([n]) => n !== 'content-length' && n !== 'transfer-encoding')));
  res.end(text);
}

beforeAll(async () => {
  const listening = await listenOnFreePort();
  cim = listening.server;
  cimUrl = `http://127.0.0.1:${listening.port}`;
  env = makeTestDeps({ now: new Date(), env: { CIM_PUBLIC_URL: cimUrl } });
  merchant = await createMerchant(env.deps, { name: 'Client shop', origins: ['http://shop.test'] });
  serveApp(cim, createApp(env.deps).fetch);
  proxy = createServer((req, res) => void relay(req, res));
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  client = createCimClient({
    baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    secretKey: merchant.secretKey,
    baseDelayMs: 100,
    maxDelayMs: 5_000,
    // The waits are recorded, not slept: the test checks what the client would wait.
    sleep: async (ms) => void waits.push(ms),
  });
});

afterAll(async () => {
  proxy?.closeAllConnections();
  if (proxy) await closeServer(proxy);
  if (cim) await closeServer(cim);
  await env?.cleanup();
});

beforeEach(() => {
  seen.length = 0;
  plan = [];
  waits = [];
});

async function storedCard() {
  const customer = await ok(client.POST('/v1/customers', { body: { merchantCustomerId: `c-${Math.random().toString(36).slice(2, 10)}` } }));
  const profile = await ok(
    client.POST('/v1/customers/{customerId}/payment-profiles', {
      params: { path: { customerId: customer.id } },
      body: { card: { number: '4111111111111111', expMonth: 12, expYear: 2031 }, billTo: { firstName: 'Ada', zip: '10001' } },
    }),
  );
  return { customerProfileId: customer.id, paymentProfileId: profile.id };
}

const transactionsOf = async (customerId: string) => (await ok(client.GET('/v1/customers/{customerId}/transactions', { params: { path: { customerId } } }))).data;

describe('@cim/client', () => {
  it('sends typed requests and returns typed answers; every POST carries an Idempotency-Key', async () => {
    const ids = await storedCard();
    const customer = await ok(client.GET('/v1/customers/{id}', { params: { path: { id: ids.customerProfileId } } }));
    expect(customer.paymentProfiles?.[0]?.card).toMatchObject({ brand: 'visa', last4: '1111' });
    expect(seen.filter((r) => r.method === 'POST').every((r) => r.key !== undefined && r.key.length > 0)).toBe(true);
    expect(new Set(seen.filter((r) => r.method === 'POST').map((r) => r.key)).size).toBe(2);
    expect(seen.find((r) => r.method === 'GET')?.key).toBeUndefined();
    // A bodiless POST (capture in full) goes without a body or Content-Type.
    const auth = await ok(client.POST('/v1/transactions', { body: { type: 'authOnly', amount: '5.00', ...ids } }));
    const captured = await ok(client.POST('/v1/transactions/{id}/capture', { params: { path: { id: auth.id } } }));
    expect(captured.state).toBe('captured');
    const deleted: undefined = await ok(client.DELETE('/v1/customers/{customerId}/payment-profiles/{paymentProfileId}', { params: { path: { customerId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId } } }));
    expect(deleted).toBeUndefined();
    // @ts-expect-error the types know the body: an amount is a decimal string
    const wrong = client.POST('/v1/transactions', { body: { type: 'authCapture', amount: 5, ...ids } });
    await expect(wrong).rejects.toMatchObject({ code: 'invalid_request', field: 'amount' });
  });

  it('throws CimApiError with the stable code, status, field and request id', async () => {
    const invalid = await client.POST('/v1/customers', { body: { email: 'not an email' } }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(CimApiError);
    expect(invalid).toMatchObject({ name: 'CimApiError', status: 400, code: 'invalid_request', field: 'email' });
    expect((invalid as CimApiError).requestId).toMatch(/\S{8,}/);
    const missing = await client.GET('/v1/customers/{id}', { params: { path: { id: '0000000000' } } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    const card = await client
      .POST('/v1/customers/{customerId}/payment-profiles', {
        params: { path: { customerId: (await storedCard()).customerProfileId } },
        body: { card: { number: '4111111111111112', expMonth: 12, expYear: 2031 } },
      })
      .catch((e: unknown) => e);
    expect(card).toMatchObject({ status: 400, code: 'invalid_card_number' });
    expect(waits).toEqual([]);
  });

  it('retries a 503 after its Retry-After with the same Idempotency-Key, and charges once', async () => {
    const ids = await storedCard();
    seen.length = 0;
    plan = ['503', '503'];
    const tx = await ok(client.POST('/v1/transactions', { body: { type: 'authCapture', amount: '12.34', ...ids } }));
    expect(tx).toMatchObject({ status: 'approved', amount: '12.34' });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.key)).size).toBe(1);
    // Retry-After: 1 → at least 1000 ms, plus under baseDelayMs of jitter.
    expect(waits).toHaveLength(2);
    for (const w of waits) expect(w >= 1000 && w < 1100, String(w)).toBe(true);
    expect((await transactionsOf(ids.customerProfileId)).map((t) => t.id)).toEqual([tx.id]);
  });

  it('retries a POST whose answer was lost with the same key: CIM replays the first charge instead of charging again', async () => {
    const ids = await storedCard();
    seen.length = 0;
    plan = ['drop-after'];
    const tx = await ok(client.POST('/v1/transactions', { body: { type: 'authCapture', amount: '20.00', ...ids }, params: { header: { 'Idempotency-Key': 'order-77' } } }));
    expect(seen.map((r) => r.key)).toEqual(['order-77', 'order-77']);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThan(100);
    const all = await transactionsOf(ids.customerProfileId);
    expect(all.map((t) => t.id)).toEqual([tx.id]);
  });

  it('backs off exponentially with jitter on 429 without Retry-After, then gives up with the error', async () => {
    plan = ['429', '429', '429', '429'];
    const error = await client.GET('/v1/settings').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(seen).toHaveLength(4);
    expect(waits).toHaveLength(3);
    waits.forEach((w, i) => expect(w >= 0 && w < 100 * 2 ** i, `${i}: ${w}`).toBe(true));
  });

  it('does not wait out a Retry-After longer than maxDelayMs, nor repeat a PATCH whose connection broke', async () => {
    plan = ['429-long'];
    await expect(client.GET('/v1/settings')).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
    expect(seen).toHaveLength(1);
    seen.length = 0;
    plan = ['drop-before'];
    await expect(client.PATCH('/v1/settings', { body: { unlinkedCredits: false } })).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});
