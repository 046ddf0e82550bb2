import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createMerchant, type MerchantCredentials } from './domain/merchants.ts';
import { createLogger } from './logger.ts';
import { answerProblems } from './openapi/answer-check.ts';
import { makeTestDeps, testStore } from './test-support.ts';

/** A card the tests save; its digits must never appear in any answer or log. */
export const TEST_CARD = { number: '4111111111111111', expMonth: 12, expYear: 2030, cvc: '123' } as const;
export const TEST_BILL_TO = { firstName: 'Ada', lastName: 'Lovelace', zip: '10001', country: 'US' } as const;

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/**
 * The test app (makeTestDeps, two merchants) served on 127.0.0.1:0 by @hono/node-server, for tests that need
 * real HTTP: client addresses, concurrent requests, response headers.
 */
export async function startCheckoutServer(options: Parameters<typeof makeTestDeps>[0] = {}) {
  const store = options.store ?? (await testStore());
  const env = makeTestDeps({ ...options, ...(store && { store }) });
  // Every log line at every level, so tests can check that none carries card data.
  const logLines: string[] = [];
  env.deps.logger = createLogger('debug', (line) => logLines.push(line));
  const app = createApp(env.deps);
  const t = {
    ...env,
    app,
    merchant: await createMerchant(env.deps, { name: 'Test Shop', origins: ['http://shop.test'] }),
    other: await createMerchant(env.deps, { name: 'Other Shop', origins: ['http://other.test'] }),
  };
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ready) => server.once('listening', () => ready()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answers: string[] = [];

  async function call<T = any>(method: string, path: string, bearer: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(base + path, {
      method,
      headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    answers.push(text, JSON.stringify([...res.headers]));
    // Every answer is checked against /openapi.json (status, headers, body schema, error code).
    const problems = answerProblems(method, path, res.status, text, res.headers);
    if (problems.length > 0) throw new Error(`Answer does not match /openapi.json:\n${problems.join('\n')}`);
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  const rest = (creds: MerchantCredentials) => (method: string, path: string, body?: unknown) => call(method, path, creds.secretKey, body);

  async function newSession(input: Record<string, unknown> = {}, creds: MerchantCredentials = t.merchant): Promise<string> {
    const res = await call('POST', '/v1/sessions', creds.secretKey, { origin: creds.allowedOrigins[0], ...input });
    if (res.status !== 201) throw new Error(`session: ${res.status} ${res.text}`);
    return (res.body as { token: string }).token;
  }

  const widget = (session: string) => (method: string, path: string, body?: unknown) => call(method, `/widget/api${path}`, session, body);

  /** Session → saved card → result token, the whole checkout. */
  async function checkout(creds: MerchantCredentials = t.merchant) {
    const w = widget(await newSession({}, creds));
    const saved = await w('POST', '/payment-profiles', { card: TEST_CARD, billTo: TEST_BILL_TO });
    if (saved.status !== 201) throw new Error(`save: ${saved.status} ${saved.text}`);
    const confirmed = await w('POST', '/confirm', { paymentProfileId: saved.body.paymentProfile.id });
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${confirmed.text}`);
    return { token: confirmed.body.token as string, paymentProfileId: saved.body.paymentProfile.id as string };
  }

  return {
    ...t,
    base,
    call,
    api: rest(t.merchant),
    otherApi: rest(t.other),
    newSession,
    widget,
    checkout,
    /** Every response body and header the tests received, for "no card digits anywhere" checks. */
    answers,
    logLines,
    cleanup: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as Server).closeAllConnections();
      });
      await t.cleanup();
    },
  };
}

export type CheckoutServer = Awaited<ReturnType<typeof startCheckoutServer>>;
