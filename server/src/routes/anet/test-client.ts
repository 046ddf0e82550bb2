import { afterEach, beforeEach, expect } from 'vitest';
import type { MerchantCredentials } from '../../domain/merchants.ts';
import type { makeTestApp } from '../../test-support.ts';

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
export type Body = Record<string, any>;

/** Calls /xml/v1/request.api on a test app the way an Authorize.Net client does. */
export function anetClient(t: () => Pick<TestApp, 'app' | 'merchant'>) {
  /** Posts raw text; returns the raw answer (BOM included) and the parsed body. */
  async function postRaw(text: string) {
    const res = await t().app.request('/xml/v1/request.api', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    // Read bytes: Response.text() would silently drop the byte-order mark under test.
    const raw = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return { status: res.status, raw, body: JSON.parse(raw.replace(/^\uFEFF/, '')) as Body };
  }
  const auth = (m: MerchantCredentials) => ({ name: m.apiLoginId, transactionKey: m.transactionKey });
  async function call(operation: string, fields: Body = {}, merchant: MerchantCredentials = t().merchant): Promise<Body> {
    const { status, body } = await postRaw(JSON.stringify({ [operation]: { merchantAuthentication: auth(merchant), ...fields } }));
    expect(status).toBe(200);
    return body;
  }
  return { postRaw, call, auth };
}

export const firstMessage = (b: Body) => b.messages.message[0] as { code: string; text: string };

export function expectOk(b: Body): Body {
  expect(b.messages, JSON.stringify(b)).toEqual({ resultCode: 'Ok', message: [{ code: 'I00001', text: 'Successful.' }] });
  return b;
}

/** A fresh test app per test (two merchants, a real SQLite file), cleaned up after it; returns its getter. */
export function freshTestApp(make: () => Promise<TestApp>): () => TestApp {
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    await current?.cleanup();
  });
  return () => current!;
}
