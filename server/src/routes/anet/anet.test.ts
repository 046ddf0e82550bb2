import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revealPaymentProfile } from '../../domain/payment-profiles.ts';
import { makeTestApp } from '../../test-support.ts';
import { readDatabase } from '../../testing/database-reader.ts';
import { anetClient, expectOk, firstMessage, type Body, type TestApp } from './test-client.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const { postRaw, call, auth } = anetClient(() => t);
const code = (b: Body) => firstMessage(b).code;
const okOf = expectOk;

const visa = { cardNumber: '4111111111111111', expirationDate: '2029-12', cardCode: '123' };
const billTo = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Analytical St', city: 'London', zip: '12345', country: 'GB' };

async function createProfile(profile: Body = {}, extra: Body = {}) {
  return call('createCustomerProfileRequest', {
    profile: { merchantCustomerId: 'M1', email: 'ada@example.com', paymentProfiles: [{ billTo, payment: { creditCard: visa } }], ...profile },
    ...extra,
  });
}

describe('envelope', () => {
  it('answers with a BOM, a flat body, fields then refId then messages, message always a list', async () => {
    const { raw, body } = await postRaw(JSON.stringify({ getCustomerProfileIdsRequest: { merchantAuthentication: auth(t.merchant), refId: 'r-1' } }));
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    expect(Object.keys(body)).toEqual(['ids', 'refId', 'messages']);
    expect(body.refId).toBe('r-1');
    expect(Array.isArray(body.ids)).toBe(true);
    okOf(body);
  });

  it('authenticateTestRequest says Ok with good credentials', async () => {
    okOf(await call('authenticateTestRequest'));
  });

  it('refuses bad credentials with E00007 and audits the failure', async () => {
    const bad = await call('authenticateTestRequest', { merchantAuthentication: { name: t.merchant.apiLoginId, transactionKey: 'wrong' } });
    expect(bad.messages).toEqual({ resultCode: 'Error', message: [{ code: 'E00007', text: 'User authentication failed due to invalid authentication values.' }] });
    expect(code(await call('getCustomerProfileIdsRequest', { merchantAuthentication: { name: 'nobody', transactionKey: 'x' } }))).toBe('E00007');
    expect(code(await call('getCustomerProfileIdsRequest', { merchantAuthentication: null }))).toBe('E00007');
    const rows = await readDatabase(t, "SELECT actor, outcome, detail, count FROM audit_log WHERE action = 'auth.failure'");
    // Aggregated: one row per address and window with a count.
    expect(rows).toHaveLength(1);
    expect({ ...rows[0], count: Number(rows[0]!.count) }).toMatchObject({ actor: 'anet', outcome: 'failure', detail: 'POST /xml/v1/request.api getCustomerProfileIdsRequest', count: 3 });
  });

  it('answers an unknown operation with E00004 and unreadable bodies with E00003, never 500', async () => {
    expect(code(await call('chargeTheMoonRequest'))).toBe('E00004');
    for (const text of ['', '{', '[]', '"x"', '{"a":1,"b":2}', '{"createCustomerProfileRequest":5}', 'null', '\uFEFF{']) {
      const { status, body } = await postRaw(text);
      expect(status).toBe(200);
      expect(code(body)).toBe('E00003');
    }
  });

  it("answers Object.prototype's names as unknown operations, never running them (constructor echoed the server's config, master key included)", async () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', '__proto__']) {
      const { raw, body } = await postRaw(JSON.stringify({ [name]: { merchantAuthentication: auth(t.merchant) } }));
      expect(code(body), name).toBe('E00004');
      expect(raw).not.toContain('CIM_MASTER_KEY');
    }
  });

  it('never echoes an unknown root element name (a client bug could put card data there)', async () => {
    for (const text of ['{"4111111111111111":5}', '{"x4111111111111111":{}}', '{"x4111111111111111":[]}']) {
      const { raw, body } = await postRaw(text);
      expect(code(body)).toBe('E00004');
      expect(raw).not.toContain('4111111111111111');
    }
  });

  it('reads the body whatever its Content-Type; oversized bodies get the app-wide 413', async () => {
    const body = JSON.stringify({ authenticateTestRequest: { merchantAuthentication: auth(t.merchant) } });
    for (const type of ['text/plain', 'text/xml', 'application/x-www-form-urlencoded']) {
      const res = await t.app.request('/xml/v1/request.api', { method: 'POST', headers: { 'content-type': type }, body });
      expect(JSON.parse((await res.text()).replace(/^\uFEFF/, '')).messages.resultCode).toBe('Ok');
    }
    // The app-wide 64 KiB limit answers before this API sees the body: CIM's REST error, HTTP 413.
    const huge = JSON.stringify({ authenticateTestRequest: { merchantAuthentication: auth(t.merchant), refId: 'x'.repeat(70_000) } });
    const declared = await t.app.request('/xml/v1/request.api', { method: 'POST', body: huge });
    expect(declared.status).toBe(413);
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const res = await t.app.request('/xml/v1/request.api', { method: 'POST', body: streamed, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('accepts a request that itself starts with a BOM', async () => {
    const { body } = await postRaw('\uFEFF' + JSON.stringify({ authenticateTestRequest: { merchantAuthentication: auth(t.merchant) } }));
    okOf(body);
  });
});

describe('customer profiles', () => {
  it('creates a profile with payment profiles and addresses from tolerant input', async () => {
    const created = okOf(
      await call('createCustomerProfileRequest', {
        // Fields in any order, numbers where strings are expected, single objects where lists are allowed.
        validationMode: 'testMode',
        profile: {
          shipToList: { firstName: 'Ada', lastName: 'Lovelace', address: '2 Engine Rd', zip: 54321, phoneNumber: 5551234 },
          paymentProfiles: { payment: { creditCard: { expirationDate: '1229', cardNumber: 4111111111111111n.toString() } }, billTo: { ...billTo, zip: 12345 }, defaultPaymentProfile: 'true' },
          merchantCustomerId: 42,
          email: 'ada@example.com',
        },
      }),
    );
    expect(created.customerProfileId).toMatch(/^\d+$/);
    expect(created.customerPaymentProfileIdList).toHaveLength(1);
    expect(created.customerShippingAddressIdList).toHaveLength(1);
    expect(created.customerPaymentProfileIdList[0]).toMatch(/^\d+$/);
    const [direct] = created.validationDirectResponseList as string[];
    const fields = direct!.split(',');
    expect(fields).toHaveLength(68);
    expect(fields.slice(0, 4)).toEqual(['1', '1', '1', 'This transaction has been approved.']);
    expect(fields[12]).toBe('42');
    expect(fields[50]).toBe('XXXX1111');
    expect(fields[51]).toBe('Visa');
    expect(Object.keys(created)).toEqual(['customerProfileId', 'customerPaymentProfileIdList', 'customerShippingAddressIdList', 'validationDirectResponseList', 'messages']);

    const got = okOf(await call('getCustomerProfileRequest', { customerProfileId: created.customerProfileId }));
    expect(got.profile).toMatchObject({ customerProfileId: created.customerProfileId, merchantCustomerId: '42', email: 'ada@example.com', profileType: 'regular' });
    expect(got.profile.paymentProfiles[0]).toMatchObject({
      customerPaymentProfileId: created.customerPaymentProfileIdList[0],
      defaultPaymentProfile: true,
      payment: { creditCard: { cardNumber: 'XXXX1111', expirationDate: 'XXXX', cardType: 'Visa' } },
      billTo: { ...billTo, zip: '12345' },
    });
    expect(got.profile.shipToList[0]).toEqual({ firstName: 'Ada', lastName: 'Lovelace', address: '2 Engine Rd', zip: '54321', phoneNumber: '5551234', customerAddressId: created.customerShippingAddressIdList[0] });

    const unmasked = okOf(await call('getCustomerProfileRequest', { customerProfileId: created.customerProfileId, unmaskExpirationDate: true, includeIssuerInfo: 'true' }));
    expect(unmasked.profile.paymentProfiles[0].payment.creditCard).toEqual({ cardNumber: 'XXXX1111', expirationDate: '2029-12', cardType: 'Visa', issuerNumber: '411111' });
  });

  it('finds a profile by merchantCustomerId or email', async () => {
    const { customerProfileId } = okOf(await createProfile());
    expect(okOf(await call('getCustomerProfileRequest', { merchantCustomerId: 'M1' })).profile.customerProfileId).toBe(customerProfileId);
    expect(okOf(await call('getCustomerProfileRequest', { email: 'ada@example.com' })).profile.customerProfileId).toBe(customerProfileId);
    expect(code(await call('getCustomerProfileRequest', { email: 'nobody@example.com' }))).toBe('E00040');
  });

  it('never shows a card number', async () => {
    const { raw } = await postRaw(
      JSON.stringify({ createCustomerProfileRequest: { merchantAuthentication: auth(t.merchant), validationMode: 'testMode', profile: { email: 'x@example.com', paymentProfiles: [{ billTo, payment: { creditCard: visa } }] } } }),
    );
    expect(raw).not.toContain('4111111111111111');
    const again = await postRaw(JSON.stringify({ createCustomerProfileRequest: { merchantAuthentication: auth(t.merchant), profile: { email: 'y@example.com', paymentProfiles: [{ payment: { creditCard: { ...visa, cardNumber: '4111111111111112' } } }] } } }));
    expect(code(again.body)).toBe('E00013');
    expect(again.raw).not.toContain('4111111111111112');
  });

  it('answers a duplicate with E00039 carrying the existing id', async () => {
    const first = okOf(await createProfile({ description: 'd' }));
    const dup = await createProfile({ description: 'd' });
    expect(dup.messages.resultCode).toBe('Error');
    expect(dup.messages.message).toEqual([{ code: 'E00039', text: `A duplicate record with ID ${first.customerProfileId} already exists.` }]);
    expect(dup.customerProfileId).toBe(first.customerProfileId);
    expect(dup.customerPaymentProfileIdList).toEqual([]);
    // Same merchantCustomerId and email but another description is not a duplicate.
    okOf(await createProfile({ description: 'other' }));
  });

  it('requires one of merchantCustomerId, description, email (E00041) and checks field lengths (E00003)', async () => {
    expect(code(await call('createCustomerProfileRequest', { profile: { paymentProfiles: [] } }))).toBe('E00041');
    const long = await call('createCustomerProfileRequest', { profile: { merchantCustomerId: 'x'.repeat(21) } });
    expect(code(long)).toBe('E00003');
    expect(long.messages.message[0].text).toContain('merchantCustomerId');
    expect(code(await call('createCustomerProfileRequest', { profile: { email: 'a@b.co', shipToList: [{ city: 'c'.repeat(41) }] } }))).toBe('E00003');
    expect(code(await call('createCustomerProfileRequest', {}))).toBe('E00014');
  });

  it('limits payment profiles to 10 (E00042) and shipping addresses to 100 (E00043)', async () => {
    const cards = Array.from({ length: 11 }, (_, i) => ({ billTo: { firstName: `N${i}` }, payment: { creditCard: visa } }));
    expect(code(await createProfile({ paymentProfiles: cards }))).toBe('E00042');
    const addresses = Array.from({ length: 101 }, (_, i) => ({ firstName: `N${i}` }));
    expect(code(await createProfile({ shipToList: addresses }))).toBe('E00043');

    const { customerProfileId } = okOf(await createProfile({ paymentProfiles: cards.slice(0, 10) }));
    const eleventh = await call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: cards[10] });
    expect(eleventh.messages.message).toEqual([{ code: 'E00042', text: 'You cannot add more than 10 payment profiles.' }]);
  });

  it('updates a profile by replacing its fields, and deletes it', async () => {
    const { customerProfileId } = okOf(await createProfile({ description: 'before' }));
    okOf(await call('updateCustomerProfileRequest', { profile: { customerProfileId, merchantCustomerId: 'M2', description: 'after' } }));
    const got = okOf(await call('getCustomerProfileRequest', { customerProfileId })).profile;
    expect(got).toMatchObject({ merchantCustomerId: 'M2', description: 'after' });
    expect(got.email).toBeUndefined();
    expect(code(await call('updateCustomerProfileRequest', { profile: { customerProfileId } }))).toBe('E00041');
    okOf(await call('deleteCustomerProfileRequest', { customerProfileId }));
    expect(code(await call('getCustomerProfileRequest', { customerProfileId }))).toBe('E00040');
    expect(code(await call('deleteCustomerProfileRequest', { customerProfileId }))).toBe('E00040');
  });

  it("answers another merchant's id and a malformed id like missing records", async () => {
    const { customerProfileId } = okOf(await createProfile());
    expect(code(await call('getCustomerProfileRequest', { customerProfileId }, t.other))).toBe('E00040');
    expect(code(await call('deleteCustomerProfileRequest', { customerProfileId }, t.other))).toBe('E00040');
    const bad = await call('getCustomerProfileRequest', { customerProfileId: 'abc' });
    expect(code(bad)).toBe('E00003');
    expect(bad.messages.message[0].text).toContain('customerProfileId');
    expect(code(await call('deleteCustomerProfileRequest', {}))).toBe('E00014');
  });

  it('lists profile ids as numeric strings', async () => {
    const a = okOf(await createProfile({ merchantCustomerId: 'A' }));
    const b = okOf(await createProfile({ merchantCustomerId: 'B' }));
    const ids = okOf(await call('getCustomerProfileIdsRequest')).ids as string[];
    expect(ids.sort()).toEqual([a.customerProfileId, b.customerProfileId].sort());
    expect(okOf(await call('getCustomerProfileIdsRequest', {}, t.other)).ids).toEqual([]);
  });

  it('shares records with /v1 both ways', async () => {
    const { customerProfileId } = okOf(await createProfile());
    const viaRest = await t.api('GET', `/v1/customers/${customerProfileId}`);
    expect(viaRest.status).toBe(200);
    expect(((await viaRest.json()) as Body).paymentProfiles[0].card.last4).toBe('1111');

    const rest = (await (await t.api('POST', '/v1/customers', { merchantCustomerId: 'REST-1' })).json()) as Body;
    await t.api('POST', `/v1/customers/${rest.id}/payment-profiles`, { card: { number: '5555555555554444', expMonth: 3, expYear: 2030 }, billTo: { zip: '10001' } });
    const got = okOf(await call('getCustomerProfileRequest', { customerProfileId: rest.id }));
    expect(got.profile.merchantCustomerId).toBe('REST-1');
    expect(got.profile.paymentProfiles[0].payment.creditCard).toMatchObject({ cardNumber: 'XXXX4444', cardType: 'MasterCard' });
  });
});

describe('payment profiles', () => {
  it('creates, reads, updates with the masked number, validates and deletes', async () => {
    const { customerProfileId } = okOf(await createProfile({ paymentProfiles: [] }));
    const created = okOf(
      await call('createCustomerPaymentProfileRequest', {
        customerProfileId,
        paymentProfile: { customerType: 'individual', billTo, payment: { creditCard: visa }, defaultPaymentProfile: true },
        validationMode: 'testMode',
      }),
    );
    const id = created.customerPaymentProfileId as string;
    expect(created.validationDirectResponse.split(',')).toHaveLength(68);

    const dup = await call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { billTo, payment: { creditCard: visa } } });
    expect(dup.messages.message).toEqual([{ code: 'E00039', text: 'A duplicate customer payment profile already exists.' }]);
    expect(dup).toMatchObject({ customerProfileId, customerPaymentProfileId: id });

    const got = okOf(await call('getCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id }));
    expect(got.paymentProfile).toMatchObject({
      customerProfileId,
      customerPaymentProfileId: id,
      defaultPaymentProfile: true,
      customerType: 'individual',
      payment: { creditCard: { cardNumber: 'XXXX1111', expirationDate: 'XXXX', cardType: 'Visa' } },
    });

    // The masked number keeps the stored card; the new expiry and billTo replace the old ones.
    okOf(
      await call('updateCustomerPaymentProfileRequest', {
        customerProfileId,
        paymentProfile: { customerPaymentProfileId: id, billTo: { firstName: 'Ada', lastName: 'King', zip: '99999' }, payment: { creditCard: { cardNumber: 'XXXX1111', expirationDate: '2031-01' } } },
      }),
    );
    const updated = okOf(await call('getCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id, unmaskExpirationDate: true }));
    expect(updated.paymentProfile.payment.creditCard.expirationDate).toBe('2031-01');
    expect(updated.paymentProfile.billTo).toEqual({ firstName: 'Ada', lastName: 'King', zip: '99999' });
    const revealed = await revealPaymentProfile({ store: t.deps.store, keyring: t.deps.keyring, clock: t.clock, merchantId: t.merchant.id, actor: 'test', clientAddress: null }, id);
    expect(revealed.number).toBe('4111111111111111');

    // "XXXX" expiry keeps the stored expiry; a masked number with other last four is refused.
    const kingBillTo = { firstName: 'Ada', lastName: 'King', zip: '99999' };
    okOf(await call('updateCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { customerPaymentProfileId: id, billTo: kingBillTo, payment: { creditCard: { cardNumber: 'XXXX1111', expirationDate: 'XXXX' } } } }));
    expect((await call('getCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id, unmaskExpirationDate: 1 })).paymentProfile.payment.creditCard.expirationDate).toBe('2031-01');
    expect(code(await call('updateCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { customerPaymentProfileId: id, payment: { creditCard: { cardNumber: 'XXXX9999', expirationDate: 'XXXX' } } } }))).toBe('E00013');

    const validated = okOf(await call('validateCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id, validationMode: 'testMode' }));
    const fields = validated.directResponse.split(',');
    expect(fields).toHaveLength(68);
    expect(fields[13]).toBe('Ada');
    expect(fields[14]).toBe('King');
    expect(fields[50]).toBe('XXXX1111');
    expect(code(await call('validateCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id, customerShippingAddressId: '123', validationMode: 'testMode' }))).toBe('E00098');

    okOf(await call('deleteCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id }));
    expect(code(await call('getCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId: id }))).toBe('E00040');
  });

  it('reports card problems with E00013 / E00015 / E00029 naming the field', async () => {
    const { customerProfileId } = okOf(await createProfile({ paymentProfiles: [] }));
    const send = (payment: Body) => call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { payment } });
    expect((await send({ creditCard: { ...visa, cardNumber: '4111111111111112' } })).messages.message[0]).toEqual({ code: 'E00013', text: 'Card Number is invalid.' });
    expect((await send({ creditCard: { ...visa, cardNumber: '41111111' } })).messages.message[0]).toEqual({ code: 'E00015', text: 'The field length is invalid for Card Number.' });
    expect((await send({ creditCard: { ...visa, expirationDate: '2029-13' } })).messages.message[0]).toEqual({ code: 'E00013', text: 'Expiration Date is invalid.' });
    expect((await send({ creditCard: { ...visa, expirationDate: 'soon' } })).messages.message[0].code).toBe('E00013');
    expect((await send({ creditCard: { cardNumber: visa.cardNumber } })).messages.message[0]).toEqual({ code: 'E00014', text: 'Expiration Date is required.' });
    expect(code(await send({}))).toBe('E00029');
    expect(code(await call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: {} }))).toBe('E00029');
    expect(code(await call('createCustomerPaymentProfileRequest', { customerProfileId: '1', paymentProfile: { payment: { creditCard: visa } } }))).toBe('E00040');
  });

  it('stores bank accounts masked as XXXX + last four', async () => {
    const { customerProfileId } = okOf(await createProfile({ paymentProfiles: [] }));
    const bank = { accountType: 'checking', routingNumber: '121042882', accountNumber: '123456789', nameOnAccount: 'Ada Lovelace', echeckType: 'WEB' };
    const { customerPaymentProfileId } = okOf(await call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { payment: { bankAccount: bank } } }));
    const got = okOf(await call('getCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId }));
    expect(got.paymentProfile.payment.bankAccount).toEqual({ accountType: 'checking', routingNumber: 'XXXX2882', accountNumber: 'XXXX6789', nameOnAccount: 'Ada Lovelace', echeckType: 'WEB' });
    okOf(
      await call('updateCustomerPaymentProfileRequest', {
        customerProfileId,
        paymentProfile: { customerPaymentProfileId, payment: { bankAccount: { ...bank, routingNumber: 'XXXX2882', accountNumber: 'XXXX6789', accountType: 'savings' } } },
      }),
    );
    expect(okOf(await call('getCustomerPaymentProfileRequest', { customerProfileId, customerPaymentProfileId })).paymentProfile.payment.bankAccount.accountType).toBe('savings');
  });

  it('lists cards expiring in a month with sorting, paging and the total', async () => {
    const cards = ['4111111111111111', '5555555555554444', '378282246310005'].map((cardNumber, i) => ({ billTo: { firstName: `N${i}` }, payment: { creditCard: { cardNumber, expirationDate: '2030-05' } } }));
    okOf(await createProfile({ paymentProfiles: cards }));
    okOf(await createProfile({ merchantCustomerId: 'other', paymentProfiles: [{ payment: { creditCard: { ...visa, expirationDate: '2030-06' } } }] }));
    const list = (paging: Body, orderDescending = false) =>
      call('getCustomerPaymentProfileListRequest', { searchType: 'cardsExpiringInMonth', month: '2030-05', sorting: { orderBy: 'id', orderDescending }, paging });
    const all = okOf(await list({ limit: 10, offset: 1 }));
    expect(all.totalNumInResultSet).toBe(3);
    const ids = all.paymentProfiles.map((p: Body) => p.customerPaymentProfileId);
    expect(ids).toEqual([...ids].sort((a: string, b: string) => Number(a) - Number(b)));
    expect(all.paymentProfiles[0].payment.creditCard.expirationDate).toBe('XXXX');
    const page2 = okOf(await list({ limit: '2', offset: '2' }, true));
    expect(page2.totalNumInResultSet).toBe(3);
    expect(page2.paymentProfiles.map((p: Body) => p.customerPaymentProfileId)).toEqual([ids[0]]);
    expect(code(await call('getCustomerPaymentProfileListRequest', { searchType: 'everything', month: '2030-05' }))).toBe('E00003');
    expect(code(await call('getCustomerPaymentProfileListRequest', { searchType: 'cardsExpiringInMonth', month: '05/2030' }))).toBe('E00003');
  });
});

describe('shipping addresses', () => {
  it('creates, reads, updates and deletes; duplicates and missing ones answer like Authorize.Net', async () => {
    const { customerProfileId } = okOf(await createProfile({ paymentProfiles: [] }));
    const address = { firstName: 'Ada', lastName: 'Lovelace', address: '2 Engine Rd', city: 'London', zip: '54321', phoneNumber: '555-1234', faxNumber: '555-9999' };
    const created = okOf(await call('createCustomerShippingAddressRequest', { customerProfileId, address, defaultShippingAddress: true }));
    expect(created.customerAddressId).toMatch(/^\d+$/);
    expect(created.customerProfileId).toBe(customerProfileId);
    const dup = await call('createCustomerShippingAddressRequest', { customerProfileId, address: { ...address, city: 'Elsewhere' } });
    expect(dup.messages.message).toEqual([{ code: 'E00039', text: 'A duplicate customer shipping address already exists.' }]);
    expect(dup.customerAddressId).toBe(created.customerAddressId);

    const got = okOf(await call('getCustomerShippingAddressRequest', { customerProfileId, customerAddressId: created.customerAddressId }));
    expect(got.defaultShippingAddress).toBe(true);
    expect(got.address).toMatchObject({ firstName: 'Ada', city: 'London', customerAddressId: created.customerAddressId });

    okOf(await call('updateCustomerShippingAddressRequest', { customerProfileId, address: { customerAddressId: created.customerAddressId, firstName: 'Ada', city: 'Paris' } }));
    const updated = okOf(await call('getCustomerShippingAddressRequest', { customerProfileId, customerAddressId: created.customerAddressId }));
    expect(updated.address).toEqual({ firstName: 'Ada', city: 'Paris', customerAddressId: created.customerAddressId });

    okOf(await call('deleteCustomerShippingAddressRequest', { customerProfileId, customerAddressId: created.customerAddressId }));
    expect(code(await call('getCustomerShippingAddressRequest', { customerProfileId, customerAddressId: created.customerAddressId }))).toBe('E00040');
    expect(code(await call('createCustomerShippingAddressRequest', { customerProfileId }))).toBe('E00014');
  });
});

describe('robustness', () => {
  it('never answers 500 to odd values anywhere', async () => {
    const odd: unknown[] = [null, true, 0, -1, 1e309, 'x'.repeat(5000), [], [1, 2], {}, { a: { b: [] } }, '\u0000', 'XXXX'];
    for (const value of odd) {
      for (const [operation, shape] of [
        ['createCustomerProfileRequest', (v: unknown) => ({ profile: { email: 'a@b.co', paymentProfiles: [{ payment: { creditCard: { cardNumber: v, expirationDate: v } }, billTo: v }] }, validationMode: v })],
        ['getCustomerProfileRequest', (v: unknown) => ({ customerProfileId: v, unmaskExpirationDate: v })],
        ['getCustomerPaymentProfileListRequest', (v: unknown) => ({ searchType: 'cardsExpiringInMonth', month: '2030-01', paging: { limit: v, offset: v }, sorting: v })],
        ['updateCustomerShippingAddressRequest', (v: unknown) => ({ customerProfileId: '1', address: v })],
        ['updateCustomerPaymentProfileRequest', (v: unknown) => ({ customerProfileId: '1', paymentProfile: { customerPaymentProfileId: v, payment: v, billTo: v } })],
        ['createTransactionRequest', (v: unknown) => ({ transactionRequest: { transactionType: 'authCaptureTransaction', amount: v, payment: { creditCard: { cardNumber: v, expirationDate: v } }, profile: v, transactionSettings: { setting: v } } })],
        ['createTransactionRequest', (v: unknown) => ({ transactionRequest: { transactionType: 'refundTransaction', refTransId: v, amount: v } })],
        ['createCustomerProfileFromTransactionRequest', (v: unknown) => ({ transId: v, customer: v })],
        ['getHostedProfilePageRequest', (v: unknown) => ({ customerProfileId: v, hostedProfileSettings: { setting: [{ settingName: 'hostedProfileReturnUrl', settingValue: v }] } })],
      ] as const) {
        const { status, body } = await postRaw(JSON.stringify({ [operation]: { merchantAuthentication: auth(t.merchant), ...shape(value) } }));
        expect(status).toBe(200);
        expect(body.messages.message[0].code).not.toBe('E00001');
      }
    }
  });
});
