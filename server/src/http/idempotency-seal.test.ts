import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardBody, newCustomer, type TestApp } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

const storedBodies = (dbPath: string) => {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    return (db.prepare('SELECT response_body FROM idempotency_keys').all() as Array<{ response_body: string }>).map((r) => r.response_body);
  } finally {
    db.close();
  }
};

describe('stored idempotent answers', () => {
  it('hold no live session token and no card data in clear, and still replay byte for byte', async () => {
    const first = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }, { 'Idempotency-Key': 'sess-1' });
    const firstText = await first.text();
    const token = (JSON.parse(firstText) as { token: string }).token;
    expect(token).toMatch(/^cs_/);

    const customerId = await newCustomer(t.api);
    const card = await t.api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(), { 'Idempotency-Key': 'card-1' });
    const cardText = await card.text();
    expect(cardText).toContain('"last4":"1111"');

    const stored = storedBodies(t.dbPath);
    expect(stored).toHaveLength(2);
    for (const body of stored) {
      expect(body).toMatch(/^sealed:[A-Za-z0-9+/=]+$/);
      expect(body).not.toContain(token);
      expect(body).not.toContain('last4');
      expect(body).not.toContain('2030');
    }

    const replay = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }, { 'Idempotency-Key': 'sess-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstText);
    const cardReplay = await t.api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(), { 'Idempotency-Key': 'card-1' });
    expect(await cardReplay.text()).toBe(cardText);
  });

  it('binds a stored answer to its merchant and key: moved to another key, it does not open', async () => {
    await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }, { 'Idempotency-Key': 'a' });
    await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }, { 'Idempotency-Key': 'b' });
    await t.deps.store.close();
    const db = new DatabaseSync(t.dbPath);
    db.exec("UPDATE idempotency_keys SET response_body = (SELECT response_body FROM idempotency_keys WHERE key = 'a'), request_hash = (SELECT request_hash FROM idempotency_keys WHERE key = 'a') WHERE key = 'b'");
    db.close();
    const { createApp } = await import('../app.ts');
    const { openSqliteStore } = await import('../store/sqlite/index.ts');
    const store = openSqliteStore(t.dbPath);
    const app = createApp({ ...t.deps, store });
    const res = await app.request('/v1/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.merchant.secretKey}`, 'content-type': 'application/json', 'Idempotency-Key': 'b' },
      body: JSON.stringify({ origin: 'http://shop.test' }),
    });
    // The swapped ciphertext fails authentication: a generic 500, never the other answer.
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('cs_');
    await store.close();
  });
});
