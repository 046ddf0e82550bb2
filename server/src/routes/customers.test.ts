import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { CARDS, cardBody, expectErrorBody, json, newCard, newCustomer, rowCounts } from './fixtures.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

describe('customers', () => {
  it('creates, reads, finds, updates and deletes a profile', async () => {
    const created = await t.api('POST', '/v1/customers', { merchantCustomerId: 'cust-1', email: 'ada@example.com', description: 'Ada' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string };
    expect(body.id).toMatch(/^\d{10}$/);

    const got = await t.api('GET', `/v1/customers/${body.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: body.id, merchantCustomerId: 'cust-1', paymentProfiles: [], shippingAddresses: [] });

    const found = await t.api('GET', '/v1/customers?email=ada@example.com');
    expect(((await found.json()) as { data: unknown[] }).data).toHaveLength(1);

    const patched = await t.api('PATCH', `/v1/customers/${body.id}`, { description: 'Ada L.' });
    expect(await patched.json()).toMatchObject({ description: 'Ada L.' });

    expect((await t.api('DELETE', `/v1/customers/${body.id}`)).status).toBe(204);
    expect((await t.api('GET', `/v1/customers/${body.id}`)).status).toBe(404);
  });

  it('knows a record by one spelling of its id only', async () => {
    const { id } = (await (await t.api('POST', '/v1/customers', { email: 'canon@example.com' })).json()) as { id: string };
    expect((await t.api('GET', `/v1/customers/${id}`)).status).toBe(200);
    for (const alias of [`0${id}`, `00${id}`, `+${id}`, `${id}.0`]) {
      expect((await t.api('GET', `/v1/customers/${encodeURIComponent(alias)}`)).status).toBe(404);
    }
  });

  it('answers another merchant exactly like a missing id', async () => {
    const created = (await (await t.api('POST', '/v1/customers', { email: 'x@example.com' })).json()) as { id: string };
    const theirs = await t.otherApi('GET', `/v1/customers/${created.id}`);
    const missing = await t.otherApi('GET', '/v1/customers/1234567890');
    expect(theirs.status).toBe(404);
    const a = (await theirs.json()) as { error: { code: string; message: string } };
    const b = (await missing.json()) as { error: { code: string; message: string } };
    expect({ code: a.error.code, message: a.error.message }).toEqual({ code: b.error.code, message: b.error.message });
  });

  it('refuses an exact duplicate, naming the existing profile', async () => {
    const first = (await (await t.api('POST', '/v1/customers', { merchantCustomerId: 'm1', email: 'a@b.co' })).json()) as { id: string };
    const dup = await t.api('POST', '/v1/customers', { merchantCustomerId: 'm1', email: 'a@b.co' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: { code: 'duplicate_customer', existingId: first.id } });
  });

  it('requires a secret key', async () => {
    const res = await t.app.request('/v1/customers');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('stores a card and returns only the masked view', async () => {
    const { id } = (await (await t.api('POST', '/v1/customers', { email: 'c@d.co' })).json()) as { id: string };
    const res = await t.api('POST', `/v1/customers/${id}/payment-profiles`, {
      card: { number: '4111 1111 1111 1111', expMonth: 12, expYear: 2030, cvc: '123' },
      billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '10001' },
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain('4111111111111111');
    expect(JSON.parse(text)).toMatchObject({ card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 }, isDefault: true });
  });

  it('pages through every customer with a cursor, oldest first, and only the merchant’s own', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      made.push(await newCustomer(t.api, { merchantCustomerId: `p-${i}` }));
      t.clock.advance(1000);
    }
    await newCustomer(t.otherApi, { merchantCustomerId: 'theirs' });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: Array<{ id: string }>; nextCursor: string | null } = await json(await t.api('GET', `/v1/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(made);
    const all = await json<{ data: unknown[]; nextCursor: null }>(await t.api('GET', '/v1/customers'));
    expect(all).toMatchObject({ data: expect.any(Array), nextCursor: null });
    expect(all.data).toHaveLength(7);
    for (const q of ['?limit=0', '?limit=101', '?limit=x', '?cursor=garbage', '?sort=asc']) {
      const res = await t.api('GET', `/v1/customers${q}`);
      expect(res.status, q).toBe(400);
      expectErrorBody(await json(res), 'invalid_request');
    }
  });

  it('finds by merchantCustomerId or email, possibly several', async () => {
    const a = await newCustomer(t.api, { merchantCustomerId: 'shared', email: 'a@example.com' });
    const b = await newCustomer(t.api, { merchantCustomerId: 'shared', email: 'b@example.com' });
    const c = await newCustomer(t.api, { merchantCustomerId: 'solo', email: 'a@example.com', description: 'again' });
    await newCustomer(t.otherApi, { merchantCustomerId: 'shared' });
    const ids = async (q: string) => (await json<{ data: Array<{ id: string }> }>(await t.api('GET', `/v1/customers?${q}`))).data.map((x) => x.id).sort();
    expect(await ids('merchantCustomerId=shared')).toEqual([a, b].sort());
    expect(await ids('email=A%40example.com')).toEqual([a, c].sort());
    expect(await ids('merchantCustomerId=shared&email=b%40example.com')).toEqual([b]);
    expect(await ids('merchantCustomerId=shared&email=B%40Example.com')).toEqual([b]); // email ignores case here too
    expect(await ids('merchantCustomerId=nobody')).toEqual([]);
  });

  it('validates fields: at least one, lengths, email format, unknown fields', async () => {
    const cases: Array<[unknown, string | undefined]> = [
      [{}, undefined],
      [{ merchantCustomerId: 'x'.repeat(21) }, 'merchantCustomerId'],
      [{ description: 'x'.repeat(256) }, 'description'],
      [{ email: `${'x'.repeat(250)}@example.com` }, 'email'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: 'a@b.co', vip: true }, undefined],
      [{ merchantCustomerId: 12 }, 'merchantCustomerId'],
    ];
    const before = (await rowCounts(t));
    for (const [body, field] of cases) {
      const res = await t.api('POST', '/v1/customers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = await json(res);
      expectErrorBody(err, 'invalid_request');
      if (field) expect(err).toMatchObject({ error: { field } });
    }
    expect((await rowCounts(t))).toEqual(before);
    expect((await t.api('POST', '/v1/customers', { merchantCustomerId: 'x'.repeat(20), description: 'd'.repeat(255) })).status).toBe(201);
  });

  it('refuses an update into a duplicate and leaves the profile unchanged', async () => {
    const a = await newCustomer(t.api, { merchantCustomerId: 'a', email: 'a@example.com' });
    const b = await newCustomer(t.api, { merchantCustomerId: 'b', email: 'a@example.com' });
    const res = await t.api('PATCH', `/v1/customers/${b}`, { merchantCustomerId: 'a' });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ error: { code: 'duplicate_customer', existingId: a } });
    expect(await json(await t.api('GET', `/v1/customers/${b}`))).toMatchObject({ merchantCustomerId: 'b' });
    expect((await t.otherApi('PATCH', `/v1/customers/${b}`, { description: 'x' })).status).toBe(404);
    expect((await t.otherApi('DELETE', `/v1/customers/${b}`)).status).toBe(404);
  });

  it('returns the profile with masked payment profiles and addresses, and deletes them all with it', async () => {
    const id = await newCustomer(t.api);
    await newCard(t.api, id);
    t.clock.advance(1000);
    await newCard(t.api, id, cardBody(CARDS.amex));
    await t.api('POST', `/v1/customers/${id}/shipping-addresses`, { firstName: 'Ada', zip: '10001' });
    const res = await t.api('GET', `/v1/customers/${id}`);
    const text = await res.text();
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('378282246310005');
    expect(JSON.parse(text)).toMatchObject({
      paymentProfiles: [{ card: { brand: 'visa', last4: '1111' } }, { card: { brand: 'amex', last4: '0005' } }],
      shippingAddresses: [{ firstName: 'Ada', zip: '10001', isDefault: true }],
    });
    expect((await t.api('DELETE', `/v1/customers/${id}`)).status).toBe(204);
    const counts = (await rowCounts(t));
    expect(counts.payment_profiles).toBe(0);
    expect(counts.shipping_addresses).toBe(0);
    expect(counts.customers).toBe(0);
  });
});

