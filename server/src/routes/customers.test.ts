import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';

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
});
