import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { CARDS, ROUTING, cardBody, expectErrorBody, json, newCard, newCustomer, rowCounts, type TestApp } from './fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const profiles = (customerId: string) => `/v1/customers/${customerId}/payment-profiles`;

/** No 7-digit run of the number may appear: at most BIN (6) and last four ever leave the vault. */
function expectMasked(text: string, number: string) {
  for (let i = 0; i + 7 <= number.length; i++) expect(text).not.toContain(number.slice(i, i + 7));
}

describe('card payment profiles', () => {
  it.each(Object.entries(CARDS))('stores a %s card and answers only brand, last four and expiry', async (name, number) => {
    const customerId = await newCustomer(t.api);
    const res = await t.api('POST', profiles(customerId), cardBody(number.replace(/(\d{4})/g, '$1 ').trim()));
    expect(res.status).toBe(201);
    const text = await res.text();
    expectMasked(text, number);
    const body = JSON.parse(text) as { id: string; card: Record<string, unknown> };
    expect(body.id).toMatch(/^\d{10}$/);
    const brand = name.replace(/2series$|2$/, '');
    expect(body.card).toEqual({ brand, last4: number.slice(-4), expMonth: 12, expYear: 2030 });
    expect(body).toMatchObject({ customerId, type: 'card', isDefault: true, expired: false, billTo: { firstName: 'Ada', zip: '10001' } });
  });

  it('adds the BIN only when asked, and never more', async () => {
    const customerId = await newCustomer(t.api);
    const { id } = await newCard(t.api, customerId);
    const plain = await json<{ card: object }>(await t.api('GET', `${profiles(customerId)}/${id}`));
    expect(plain.card).not.toHaveProperty('bin');
    const res = await t.api('GET', `${profiles(customerId)}/${id}?bin=true`);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ card: { bin: '411111', last4: '1111' } });
    expectMasked(text, CARDS.visa);
  });

  describe('refuses bad cards with a stable code and writes nothing', () => {
    it.each([
      ['a bad Luhn digit', { number: '4111111111111112' }, 'invalid_card_number', 'card.number'],
      ['the wrong length for the brand', { number: '37828224631000' }, 'invalid_card_number', 'card.number'],
      ['an unknown prefix', { number: '1234567812345670' }, 'invalid_card_number', 'card.number'],
      ['letters', { number: '4111-1111-1111-111a' }, 'invalid_card_number', 'card.number'],
      ['full-width digits', { number: '４１１１１１１１１１１１１１１１' }, 'invalid_card_number', 'card.number'],
      ['Arabic-Indic digits', { number: '٤١١١١١١١١١١١١١١١' }, 'invalid_card_number', 'card.number'],
      ['an empty number', { number: '' }, 'invalid_card_number', 'card.number'],
      ['an expired card', { expMonth: 5, expYear: 2026 }, 'card_expired', 'card.expMonth'],
      ['month 13', { expMonth: 13 }, 'invalid_expiry', 'card.expMonth'],
      ['month 0', { expMonth: 0 }, 'invalid_expiry', 'card.expMonth'],
      ['a year 60 years out', { expYear: 2086 }, 'invalid_expiry', 'card.expMonth'],
      ['a two-digit CVC', { cvc: '12' }, 'invalid_cvc', 'card.cvc'],
      ['a four-digit CVC on Visa', { cvc: '1234' }, 'invalid_cvc', 'card.cvc'],
      ['a CVC with letters', { cvc: '12a' }, 'invalid_cvc', 'card.cvc'],
      ['a full-width CVC', { cvc: '１２３' }, 'invalid_cvc', 'card.cvc'],
    ])('%s', async (_name, card, code, field) => {
      const customerId = await newCustomer(t.api);
      const before = (await rowCounts(t));
      const res = await t.api('POST', profiles(customerId), cardBody(CARDS.visa, {}, card));
      expect(res.status).toBe(400);
      const body = await json(res);
      expectErrorBody(body, code);
      expect(body).toMatchObject({ error: { field } });
      expect(JSON.stringify(body)).not.toMatch(/411111|١١١|１１１/);
      expect((await rowCounts(t))).toEqual(before);
    });

    it('a three-digit CVC on Amex', async () => {
      const customerId = await newCustomer(t.api);
      const res = await t.api('POST', profiles(customerId), cardBody(CARDS.amex, {}, { cvc: '123' }));
      expect(res.status).toBe(400);
      expectErrorBody(await json(res), 'invalid_cvc');
    });

    it('a card that is missing, or sent with a bank account too', async () => {
      const customerId = await newCustomer(t.api);
      expect((await t.api('POST', profiles(customerId), { billTo: {} })).status).toBe(400);
      const both = await t.api('POST', profiles(customerId), { ...cardBody(), bankAccount: { accountType: 'checking', routingNumber: ROUTING, accountNumber: '123456789', nameOnAccount: 'Ada' } });
      expect(both.status).toBe(400);
      expectErrorBody(await json(both), 'invalid_request');
    });
  });

  it('accepts a card without a CVC, and keeps no CVC in any answer', async () => {
    const customerId = await newCustomer(t.api);
    const body = cardBody();
    delete (body.card as { cvc?: string }).cvc;
    const created = await newCard(t.api, customerId, body);
    expect(JSON.stringify(created)).not.toMatch(/cvc/i);
  });
});

describe('bank account payment profiles', () => {
  const bank = (over: Record<string, unknown> = {}) => ({
    bankAccount: { accountType: 'businessChecking', routingNumber: ROUTING, accountNumber: '9876543210', nameOnAccount: 'Ada Lovelace', ...over },
    billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '10001' },
  });

  it('stores a bank account and answers only the last four of account and routing numbers', async () => {
    const customerId = await newCustomer(t.api);
    const res = await t.api('POST', profiles(customerId), bank());
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain('9876543210');
    expect(text).not.toContain(ROUTING);
    expect(JSON.parse(text)).toMatchObject({
      type: 'bankAccount',
      isDefault: true,
      bankAccount: { accountType: 'businessChecking', accountLast4: '3210', routingLast4: '0021', nameOnAccount: 'Ada Lovelace' },
    });
  });

  it('refuses a routing number that fails the ABA checksum', async () => {
    const customerId = await newCustomer(t.api);
    const before = (await rowCounts(t));
    const res = await t.api('POST', profiles(customerId), bank({ routingNumber: '021000022' }));
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ error: { code: 'invalid_routing_number', field: 'bankAccount.routingNumber' } });
    expect((await rowCounts(t))).toEqual(before);
  });

  it('refuses a bad account type or account number', async () => {
    const customerId = await newCustomer(t.api);
    expect((await t.api('POST', profiles(customerId), bank({ accountType: 'loan' }))).status).toBe(400);
    expect((await t.api('POST', profiles(customerId), bank({ accountNumber: '12ab' }))).status).toBe(400);
    expect((await t.api('POST', profiles(customerId), bank({ accountNumber: '١٢٣٤٥٦' }))).status).toBe(400);
  });

  it('applies the duplicate rule to routing + account number and billing details', async () => {
    const customerId = await newCustomer(t.api);
    const first = await json<{ id: string }>(await t.api('POST', profiles(customerId), bank()));
    const dup = await t.api('POST', profiles(customerId), bank());
    expect(dup.status).toBe(409);
    expect(await json(dup)).toMatchObject({ error: { code: 'duplicate_payment_profile', existingId: first.id } });
    expect((await t.api('POST', profiles(customerId), bank({ accountNumber: '9876543211' }))).status).toBe(201);
  });
});

describe('limits, duplicates and the default', () => {
  it('holds at most 10 payment profiles per customer (409 payment_profile_limit)', async () => {
    const customerId = await newCustomer(t.api);
    for (let i = 0; i < 10; i++) await newCard(t.api, customerId, cardBody(CARDS.visa, { billTo: { zip: String(10000 + i) } }));
    const res = await t.api('POST', profiles(customerId), cardBody(CARDS.visa, { billTo: { zip: '99999' } }));
    expect(res.status).toBe(409);
    expectErrorBody(await json(res), 'payment_profile_limit');
  });

  it('keeps the limit when many requests race for the last slots', async () => {
    const customerId = await newCustomer(t.api);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => t.api('POST', profiles(customerId), cardBody(CARDS.mastercard, { billTo: { zip: String(20000 + i) } }))),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(6);
    for (const r of refused) expect(await json(r)).toMatchObject({ error: { code: 'payment_profile_limit' } });
    const customer = await json<{ paymentProfiles: unknown[] }>(await t.api('GET', `/v1/customers/${customerId}`));
    expect(customer.paymentProfiles).toHaveLength(10);
  });

  it('refuses the same number with the same billing name, address and zip (409 naming it), allows it otherwise', async () => {
    const customerId = await newCustomer(t.api);
    const first = await newCard(t.api, customerId);
    const dup = await t.api('POST', profiles(customerId), cardBody('4111-1111-1111-1111', { billTo: { firstName: 'ADA ', lastName: 'lovelace', address: '12 St James Sq', zip: '10001' } }));
    expect(dup.status).toBe(409);
    const body = await json<{ error: { message: string } }>(dup);
    expect(body).toMatchObject({ error: { code: 'duplicate_payment_profile', existingId: first.id } });
    expect(body.error.message).toContain(first.id);
    // A different zip, a different number, or another customer: not duplicates.
    await newCard(t.api, customerId, cardBody(CARDS.visa, { billTo: { firstName: 'Ada', lastName: 'Lovelace', address: '12 St James Sq', zip: '10002' } }));
    await newCard(t.api, customerId, cardBody(CARDS.visa2));
    await newCard(t.api, await newCustomer(t.api), cardBody());
  });

  it('makes the first profile the default, and moves the default when asked', async () => {
    const customerId = await newCustomer(t.api);
    const a = await newCard(t.api, customerId);
    const b = await newCard(t.api, customerId, cardBody(CARDS.mastercard));
    expect([a.isDefault, b.isDefault]).toEqual([true, false]);
    const c = await newCard(t.api, customerId, cardBody(CARDS.amex, { isDefault: true }));
    expect(c.isDefault).toBe(true);
    const after = await json<{ paymentProfiles: Array<{ id: string; isDefault: boolean }> }>(await t.api('GET', `/v1/customers/${customerId}`));
    expect(after.paymentProfiles.filter((p) => p.isDefault).map((p) => p.id)).toEqual([c.id]);
    await t.api('PATCH', `${profiles(customerId)}/${b.id}`, { isDefault: true });
    const later = await json<{ paymentProfiles: Array<{ id: string; isDefault: boolean }> }>(await t.api('GET', `/v1/customers/${customerId}`));
    expect(later.paymentProfiles.filter((p) => p.isDefault).map((p) => p.id)).toEqual([b.id]);
  });

  it('ends with exactly one default when many default-claiming requests race', async () => {
    const customerId = await newCustomer(t.api);
    const cards = Object.values(CARDS).slice(0, 10);
    const results = await Promise.all(cards.map((n, i) => t.api('POST', profiles(customerId), cardBody(n, { isDefault: i % 2 === 0 }))));
    expect(results.map((r) => r.status)).toEqual(cards.map(() => 201));
    const customer = await json<{ paymentProfiles: Array<{ isDefault: boolean }> }>(await t.api('GET', `/v1/customers/${customerId}`));
    expect(customer.paymentProfiles).toHaveLength(10);
    expect(customer.paymentProfiles.filter((p) => p.isDefault)).toHaveLength(1);
  });

  it('keeps exactly one default when racing PATCHes each claim it', async () => {
    const customerId = await newCustomer(t.api);
    const ids: string[] = [];
    for (const n of Object.values(CARDS).slice(0, 6)) ids.push((await newCard(t.api, customerId, cardBody(n))).id);
    const results = await Promise.all(ids.map((id) => t.api('PATCH', `${profiles(customerId)}/${id}`, { isDefault: true })));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const customer = await json<{ paymentProfiles: Array<{ isDefault: boolean }> }>(await t.api('GET', `/v1/customers/${customerId}`));
    expect(customer.paymentProfiles.filter((p) => p.isDefault)).toHaveLength(1);
  });
});

describe('update and delete', () => {
  it('changes the expiry without the number, keeping brand and last four', async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const res = await t.api('PATCH', `${profiles(customerId)}/${card.id}`, { card: { expMonth: 3, expYear: 2031 } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: card.id, card: { brand: 'visa', last4: '1111', expMonth: 3, expYear: 2031 } });
    expect(await json(await t.api('GET', `${profiles(customerId)}/${card.id}`))).toMatchObject({ card: { expMonth: 3, expYear: 2031 } });
  });

  it('changes the billing address alone, merging fields', async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const res = await t.api('PATCH', `${profiles(customerId)}/${card.id}`, { billTo: { city: 'London', zip: 'SW1Y 4LG' } });
    expect(await json(res)).toMatchObject({ billTo: { firstName: 'Ada', city: 'London', zip: 'SW1Y 4LG' }, card: { last4: '1111', expYear: 2030 } });
  });

  it('replaces the number when a new one is sent', async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const res = await t.api('PATCH', `${profiles(customerId)}/${card.id}`, { card: { number: CARDS.amex, expMonth: 1, expYear: 2032, cvc: '1234' } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: card.id, card: { brand: 'amex', last4: '0005', expMonth: 1, expYear: 2032 } });
    // The old number is free again; the new one now counts as a duplicate.
    await newCard(t.api, customerId);
    expect((await t.api('POST', profiles(customerId), cardBody(CARDS.amex))).status).toBe(409);
  });

  it('refuses a bad update and leaves the profile as it was', async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const before = (await rowCounts(t));
    for (const [patch, code] of [
      [{ card: { expMonth: 1, expYear: 2020 } }, 'card_expired'],
      [{ card: { expMonth: 14, expYear: 2030 } }, 'invalid_expiry'],
      [{ card: { number: '4111111111111112', expMonth: 1, expYear: 2030 } }, 'invalid_card_number'],
      [{ card: { expMonth: 1, expYear: 2030, cvc: '1' } }, 'invalid_cvc'],
      [{ billTo: { zip: 'z'.repeat(21) } }, 'invalid_request'],
      [{ bankAccount: { accountType: 'checking', routingNumber: ROUTING, accountNumber: '123456', nameOnAccount: 'A' } }, 'invalid_request'],
      [{ nickname: 'x' }, 'invalid_request'],
    ] as const) {
      const res = await t.api('PATCH', `${profiles(customerId)}/${card.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expectErrorBody(await json(res), code);
    }
    expect(await json(await t.api('GET', `${profiles(customerId)}/${card.id}`))).toMatchObject({ card: { last4: '1111', expMonth: 12, expYear: 2030 }, billTo: { zip: '10001' } });
    const after = (await rowCounts(t));
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('refuses an update that would make a duplicate, naming the existing profile', async () => {
    const customerId = await newCustomer(t.api);
    const a = await newCard(t.api, customerId);
    const b = await newCard(t.api, customerId, cardBody(CARDS.visa, { billTo: { firstName: 'Ada', lastName: 'Lovelace', address: '12 St James Sq', zip: '99999' } }));
    const res = await t.api('PATCH', `${profiles(customerId)}/${b.id}`, { billTo: { zip: '10001' } });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ error: { code: 'duplicate_payment_profile', existingId: a.id } });
  });

  it('deletes a profile; the next one becomes the default', async () => {
    const customerId = await newCustomer(t.api);
    const a = await newCard(t.api, customerId);
    const b = await newCard(t.api, customerId, cardBody(CARDS.mastercard));
    expect((await t.api('DELETE', `${profiles(customerId)}/${a.id}`)).status).toBe(204);
    expect((await t.api('GET', `${profiles(customerId)}/${a.id}`)).status).toBe(404);
    expect((await t.api('DELETE', `${profiles(customerId)}/${a.id}`)).status).toBe(404);
    expect(await json(await t.api('GET', `${profiles(customerId)}/${b.id}`))).toMatchObject({ isDefault: true });
  });

  it('answers another merchant, a wrong customer or a junk id with the same 404', async () => {
    const customerId = await newCustomer(t.api);
    const otherCustomer = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const attempts = [
      t.otherApi('GET', `${profiles(customerId)}/${card.id}`),
      t.otherApi('PATCH', `${profiles(customerId)}/${card.id}`, { billTo: { zip: '1' } }),
      t.otherApi('DELETE', `${profiles(customerId)}/${card.id}`),
      t.otherApi('POST', profiles(customerId), cardBody(CARDS.mastercard)),
      t.api('GET', `${profiles(otherCustomer)}/${card.id}`),
      t.api('GET', `${profiles(customerId)}/1234567890`),
      t.api('GET', `${profiles(customerId)}/not-a-number`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expectErrorBody(await json(res), 'not_found');
    }
    expect(await json(await t.api('GET', `${profiles(customerId)}/${card.id}`))).toMatchObject({ billTo: { zip: '10001' } });
  });
});

describe('GET /v1/payment-profiles?expiringIn=YYYY-MM', () => {
  it('pages through the merchant’s cards expiring that month, and only those', async () => {
    const expiring: string[] = [];
    for (let i = 0; i < 5; i++) {
      const customerId = await newCustomer(t.api);
      expiring.push((await newCard(t.api, customerId, cardBody(CARDS.visa, {}, { expMonth: 3, expYear: 2027 }))).id);
      await newCard(t.api, customerId, cardBody(CARDS.mastercard, {}, { expMonth: 4, expYear: 2027 }));
    }
    const theirs = await newCustomer(t.otherApi);
    await newCard(t.otherApi, theirs, cardBody(CARDS.visa, {}, { expMonth: 3, expYear: 2027 }));

    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/payment-profiles?expiringIn=2027-03&limit=2${next ? `&cursor=${next}` : ''}`;
      const page = await json<{ data: Array<{ id: string; card: { expMonth: number; expYear: number; last4: string } }>; nextCursor: string | null }>(await t.api('GET', query));
      expect(page.data.length).toBeLessThanOrEqual(2);
      for (const p of page.data) expect(p.card).toMatchObject({ expMonth: 3, expYear: 2027, last4: '1111' });
      seen.push(...page.data.map((p) => p.id));
      next = page.nextCursor;
      pages++;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...expiring].sort());
    expect(await json(await t.api('GET', '/v1/payment-profiles?expiringIn=2027-05'))).toEqual({ data: [], nextCursor: null });
  });

  it('refuses a malformed month or cursor', async () => {
    for (const q of ['', '?expiringIn=2027-13', '?expiringIn=27-03', '?expiringIn=2027-03&cursor=nope', '?expiringIn=2027-03&limit=0', '?expiringIn=2027-03&limit=101', '?expiringIn=2027-03&x=1']) {
      const res = await t.api('GET', `/v1/payment-profiles${q}`);
      expect(res.status, q).toBe(400);
      expectErrorBody(await json(res), 'invalid_request');
    }
  });
});
