import { ADDRESS_LIMITS } from '@cim/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { expectErrorBody, json, newCustomer, rowCounts, type TestApp } from './fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const addresses = (customerId: string) => `/v1/customers/${customerId}/shipping-addresses`;
const address = (over: Record<string, unknown> = {}) => ({
  firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', address: '12 St James Sq', city: 'London',
  state: 'LDN', zip: 'SW1Y 4LG', country: 'GB', phoneNumber: '+44 20 7946 0000', ...over,
});

describe('shipping addresses', () => {
  it('creates, reads, lists, updates and deletes an address', async () => {
    const customerId = await newCustomer(t.api);
    const created = await t.api('POST', addresses(customerId), address());
    expect(created.status).toBe(201);
    const a = await json<{ id: string }>(created);
    expect(a).toMatchObject({ ...address(), customerId, isDefault: true, id: expect.stringMatching(/^\d{10}$/) });
    expect(a).not.toHaveProperty('merchantId');
    expect(await json(await t.api('GET', `${addresses(customerId)}/${a.id}`))).toEqual(a);
    expect(await json(await t.api('GET', addresses(customerId)))).toEqual({ data: [a], nextCursor: null });
    const patched = await t.api('PATCH', `${addresses(customerId)}/${a.id}`, { city: 'Paris', zip: '75001' });
    expect(await json(patched)).toMatchObject({ id: a.id, city: 'Paris', zip: '75001', firstName: 'Ada' });
    expect(await json(await t.api('GET', `/v1/customers/${customerId}`))).toMatchObject({ shippingAddresses: [{ id: a.id, city: 'Paris' }] });
    expect((await t.api('DELETE', `${addresses(customerId)}/${a.id}`)).status).toBe(204);
    expect((await t.api('GET', `${addresses(customerId)}/${a.id}`)).status).toBe(404);
  });

  it('enforces Authorize.Net field lengths', async () => {
    const customerId = await newCustomer(t.api);
    for (const [field, max] of Object.entries(ADDRESS_LIMITS)) {
      const ok = await t.api('POST', addresses(customerId), address({ [field]: 'x'.repeat(max), zip: `${field}`.slice(0, 20) }));
      expect(ok.status, field).toBe(201);
      const tooLong = await t.api('POST', addresses(customerId), address({ [field]: 'y'.repeat(max + 1) }));
      expect(tooLong.status, field).toBe(400);
      expect(await json(tooLong)).toMatchObject({ error: { code: 'invalid_request', field } });
    }
  });

  it('refuses unknown fields and wrong types', async () => {
    const customerId = await newCustomer(t.api);
    const unknown = await t.api('POST', addresses(customerId), address({ street2: 'x' }));
    expect(unknown.status).toBe(400);
    expect((await json<{ error: { message: string } }>(unknown)).error.message).toContain('street2');
    expect((await t.api('POST', addresses(customerId), address({ zip: 10001 }))).status).toBe(400);
    expect((await t.api('POST', addresses(customerId), address({ isDefault: 'yes' }))).status).toBe(400);
  });

  it('refuses a duplicate (same first and last name, address, zip and phone), naming it', async () => {
    const customerId = await newCustomer(t.api);
    const a = await json<{ id: string }>(await t.api('POST', addresses(customerId), address()));
    const dup = await t.api('POST', addresses(customerId), address({ city: 'Elsewhere', company: 'Other' }));
    expect(dup.status).toBe(409);
    const body = await json<{ error: { message: string } }>(dup);
    expect(body).toMatchObject({ error: { code: 'duplicate_shipping_address', existingId: a.id } });
    expect(body.error.message).toContain(a.id);
    expect((await t.api('POST', addresses(customerId), address({ phoneNumber: '+44 20 7946 0001' }))).status).toBe(201);
    const b = await json<{ id: string }>(await t.api('POST', addresses(customerId), address({ zip: 'N1 9GU' })));
    // Updating b into a copy of a is a duplicate too.
    const patch = await t.api('PATCH', `${addresses(customerId)}/${b.id}`, { zip: 'SW1Y 4LG' });
    expect(patch.status).toBe(409);
    expect(await json(patch)).toMatchObject({ error: { code: 'duplicate_shipping_address', existingId: a.id } });
  });

  it('holds at most 100 addresses per customer (409 shipping_address_limit), even under a race', async () => {
    const customerId = await newCustomer(t.api);
    const results = await Promise.all(Array.from({ length: 105 }, (_, i) => t.api('POST', addresses(customerId), address({ zip: String(10000 + i) }))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(100);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expectErrorBody(await json(r), 'shipping_address_limit');
    }
    expect((await json<{ data: unknown[] }>(await t.api('GET', addresses(customerId)))).data).toHaveLength(100);
  });

  it('keeps exactly one default: the first, then whichever claims it, even when racing', async () => {
    const customerId = await newCustomer(t.api);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.api('POST', addresses(customerId), address({ zip: String(i), isDefault: i % 3 === 0 }))));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const defaults = async () => (await json<{ data: Array<{ id: string; isDefault: boolean }> }>(await t.api('GET', addresses(customerId)))).data.filter((a) => a.isDefault);
    expect(await defaults()).toHaveLength(1);
    const ids = (await Promise.all(results.map((r) => json<{ id: string }>(r)))).map((a) => a.id);
    const patched = await Promise.all(ids.map((id) => t.api('PATCH', `${addresses(customerId)}/${id}`, { isDefault: true })));
    expect(patched.every((r) => r.status === 200)).toBe(true);
    expect(await defaults()).toHaveLength(1);
    // Deleting the default hands it to the oldest remaining address.
    const [current] = await defaults();
    await t.api('DELETE', `${addresses(customerId)}/${current!.id}`);
    expect(await defaults()).toHaveLength(1);
  });

  it('is scoped to the merchant and the customer', async () => {
    const customerId = await newCustomer(t.api);
    const other = await newCustomer(t.api);
    const a = await json<{ id: string }>(await t.api('POST', addresses(customerId), address()));
    const before = (await rowCounts(t));
    for (const res of await Promise.all([
      t.otherApi('GET', `${addresses(customerId)}/${a.id}`),
      t.otherApi('GET', addresses(customerId)),
      t.otherApi('POST', addresses(customerId), address({ zip: '1' })),
      t.otherApi('PATCH', `${addresses(customerId)}/${a.id}`, { city: 'X' }),
      t.otherApi('DELETE', `${addresses(customerId)}/${a.id}`),
      t.api('GET', `${addresses(other)}/${a.id}`),
      t.api('GET', `${addresses(customerId)}/abc`),
    ])) {
      expect(res.status).toBe(404);
      expectErrorBody(await json(res), 'not_found');
    }
    expect((await rowCounts(t))).toEqual(before);
  });
});
