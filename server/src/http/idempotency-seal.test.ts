import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardBody, newCustomer, type TestApp } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';
import { readDatabase, tamperDatabase } from '../testing/database-reader.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

const storedBodies = async () => (await readDatabase<{ response_body: string }>(t, 'SELECT response_body FROM idempotency_keys')).map((r) => r.response_body);

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

    const stored = await storedBodies();
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
    // Someone with write access to the database moves key a's sealed answer onto key b.
    await tamperDatabase(
      t,
      "UPDATE idempotency_keys SET response_body = (SELECT response_body FROM idempotency_keys WHERE key = 'a'), request_hash = (SELECT request_hash FROM idempotency_keys WHERE key = 'a') WHERE key = 'b'",
    );
    const res = await t.api('POST', '/v1/sessions', { origin: 'http://shop.test' }, { 'Idempotency-Key': 'b' });
    // The swapped ciphertext fails authentication: a generic 500, never the other answer.
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('cs_');
  });
});
