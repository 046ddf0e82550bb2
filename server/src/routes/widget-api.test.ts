import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, TEST_CARD, type CheckoutServer } from '../checkout-test-support.ts';
import { databaseFiles, readDatabase } from '../testing/database-reader.ts';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

const card = (number: string, extra: Record<string, unknown> = {}) => ({ card: { ...TEST_CARD, number, cvc: /^3[47]/.test(number) ? '1234' : '123' }, billTo: TEST_BILL_TO, ...extra });
// Valid test numbers (Luhn-correct), one per save.
const NUMBERS = ['4111111111111111', '4012888888881881', '4222222222222', '5555555555554444', '5105105105105100', '378282246310005', '371449635398431', '6011111111111117', '6011000990139424', '3566002020360505', '4000056655665556'];

describe('widget API', () => {
  it('shows a new shopper an empty wallet with the session options', async () => {
    const w = t.widget(await t.newSession({ mode: 'checkout', allowRemove: true, billingAddress: 'full', collectShipping: false }));
    const res = await w('GET', '/wallet');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      session: { origin: 'http://shop.test', expiresAt: '2026-06-15T12:15:00.000Z', expiresInSeconds: 900, mode: 'checkout', allowRemove: true, billingAddress: 'full', collectShipping: false, cardSavesLeft: 10 },
      customer: null,
      paymentProfiles: [],
      shippingAddresses: [],
      defaults: { paymentProfileId: null, shippingAddressId: null },
    });
  });

  it('creates the customer on the first save, links it to the session, and shows the masked card', async () => {
    // Vault mode: the card is saved outright (a checkout's new card is provisional, provisional-cards.test.ts).
    const w = t.widget(await t.newSession({ mode: 'vault' }));
    const saved = await w('POST', '/payment-profiles', card('4111111111111111'));
    expect(saved.status).toBe(201);
    expect(saved.body.paymentProfile).toEqual({
      id: expect.stringMatching(/^\d{10}$/),
      type: 'card',
      card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 },
      expired: false,
      isDefault: true,
      billTo: TEST_BILL_TO,
    });
    const address = await w('POST', '/shipping-addresses', { firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'New York', state: 'NY', zip: '10001', country: 'US' });
    expect(address.status).toBe(201);

    const wallet = (await w('GET', '/wallet')).body;
    expect(wallet.customer.id).toMatch(/^\d{10}$/);
    expect(wallet.paymentProfiles).toEqual([saved.body.paymentProfile]);
    expect(wallet.shippingAddresses).toEqual([{ id: address.body.shippingAddress.id, firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'New York', state: 'NY', zip: '10001', country: 'US', isDefault: true }]);
    expect(wallet.defaults).toEqual({ paymentProfileId: saved.body.paymentProfile.id, shippingAddressId: address.body.shippingAddress.id });
    expect(wallet.session.cardSavesLeft).toBe(9);
    // The merchant sees the same profile through the REST API.
    const customer = await t.api('GET', `/v1/customers/${wallet.customer.id}`);
    expect(customer.body.paymentProfiles).toHaveLength(1);
  });

  it('gives a merchantCustomerId shopper one profile across sessions', async () => {
    const first = t.widget(await t.newSession({ merchantCustomerId: 'shopper-7', mode: 'vault' }));
    await first('POST', '/payment-profiles', card('4111111111111111'));
    const second = t.widget(await t.newSession({ merchantCustomerId: 'shopper-7' }));
    const wallet = (await second('GET', '/wallet')).body;
    expect(wallet.paymentProfiles).toHaveLength(1);
    const found = await t.api('GET', '/v1/customers?merchantCustomerId=shopper-7');
    expect(found.body.data).toEqual([expect.objectContaining({ id: wallet.customer.id, merchantCustomerId: 'shopper-7' })]);
  });

  it('keeps two anonymous shoppers apart', async () => {
    const a = t.widget(await t.newSession());
    const b = t.widget(await t.newSession());
    await a('POST', '/payment-profiles', card('4111111111111111'));
    await b('POST', '/payment-profiles', card('4111111111111111'));
    const [wa, wb] = [(await a('GET', '/wallet')).body, (await b('GET', '/wallet')).body];
    expect(wa.customer.id).not.toBe(wb.customer.id);
    expect(wb.paymentProfiles).toHaveLength(1);
  });

  it('treats saving the same card again as choosing it', async () => {
    const w = t.widget(await t.newSession());
    const first = await w('POST', '/payment-profiles', card('4111111111111111'));
    const again = await w('POST', '/payment-profiles', card('4111111111111111'));
    expect(again.status).toBe(200);
    expect(again.body.paymentProfile.id).toBe(first.body.paymentProfile.id);
    expect((await w('GET', '/wallet')).body.session.cardSavesLeft).toBe(9);

    const home = { firstName: 'Ada', address: '1 Main St', zip: '10001' };
    const office = (await w('POST', '/shipping-addresses', { firstName: 'Ada', address: '2 Work Ave', zip: '10002' })).body.shippingAddress;
    const saved = await w('POST', '/shipping-addresses', home);
    expect(saved.body.shippingAddress.isDefault).toBe(false);
    // The same address again, now as default: selected and made default, not duplicated.
    const reselected = await w('POST', '/shipping-addresses', { ...home, isDefault: true });
    expect(reselected.status).toBe(200);
    expect(reselected.body.shippingAddress).toMatchObject({ id: saved.body.shippingAddress.id, isDefault: true });
    expect((await w('GET', '/wallet')).body.defaults.shippingAddressId).toBe(saved.body.shippingAddress.id);
    expect(office.isDefault).toBe(true);
  });

  it('answers the same for a card saved by another shopper as for a new one', async () => {
    const other = t.widget(await t.newSession());
    await other('POST', '/payment-profiles', card('4111111111111111'));
    const w = t.widget(await t.newSession());
    const known = await w('POST', '/payment-profiles', card('4111111111111111'));
    const fresh = await w('POST', '/payment-profiles', card('4012888888881881'));
    expect([known.status, fresh.status]).toEqual([201, 201]);
    expect(Object.keys(known.body.paymentProfile)).toEqual(Object.keys(fresh.body.paymentProfile));
  });

  it('validates the card and billing details with stable codes and saves nothing', async () => {
    const w = t.widget(await t.newSession());
    const cases: Array<[unknown, string, string]> = [
      [card('4111111111111112'), 'invalid_card_number', 'card.number'],
      [{ ...card('4111111111111111'), card: { ...TEST_CARD, expYear: 2020 } }, 'card_expired', 'card.expMonth'],
      [{ ...card('4111111111111111'), card: { ...TEST_CARD, cvc: '1' } }, 'invalid_cvc', 'card.cvc'],
      [{ ...card('4111111111111111'), billTo: { firstName: 'Ada' } }, 'invalid_request', 'billTo.zip'],
      [{ card: { number: '4111111111111111', expMonth: 12, expYear: 2030 }, billTo: TEST_BILL_TO }, 'invalid_request', 'card.cvc'],
    ];
    for (const [body, code, field] of cases) {
      const res = await w('POST', '/payment-profiles', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code, field });
    }
    expect((await w('GET', '/wallet')).body).toMatchObject({ customer: null, paymentProfiles: [] });
  });

  it('asks for the full billing address when the session says so', async () => {
    const w = t.widget(await t.newSession({ billingAddress: 'full' }));
    const res = await w('POST', '/payment-profiles', card('4111111111111111'));
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'billTo.address' });
    const full = await w('POST', '/payment-profiles', card('4111111111111111', { billTo: { ...TEST_BILL_TO, address: '1 Main St', city: 'New York' } }));
    expect(full.status).toBe(201);
  });

  it('allows at most 10 card saves per session (429 session_card_limit), even with room in the profile', async () => {
    const w = t.widget(await t.newSession({ allowRemove: true }));
    const ids: string[] = [];
    for (const number of NUMBERS.slice(0, 10)) {
      const res = await w('POST', '/payment-profiles', card(number));
      expect(res.status).toBe(201);
      ids.push(res.body.paymentProfile.id);
    }
    expect((await w('DELETE', `/payment-profiles/${ids[0]}`)).status).toBe(204);
    const eleventh = await w('POST', '/payment-profiles', card(NUMBERS[10]!));
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('session_card_limit');
    expect((await w('GET', '/wallet')).body.session.cardSavesLeft).toBe(0);
  });

  it('confirms a saved card (and address) into a result token, checkout mode only', async () => {
    const w = t.widget(await t.newSession());
    const saved = (await w('POST', '/payment-profiles', card('5555555555554444'))).body.paymentProfile;
    const address = (await w('POST', '/shipping-addresses', { firstName: 'Ada', address: '1 Main St', city: 'NYC', zip: '10001', country: 'US' })).body.shippingAddress;
    const res = await w('POST', '/confirm', { paymentProfileId: saved.id, shippingAddressId: address.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.any(String), card: { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2030 }, expiresAt: '2026-06-15T12:15:00.000Z' });
    const claims = (await t.api('POST', '/v1/tokens/redeem', { token: res.body.token })).body;
    expect(claims).toMatchObject({ paymentProfileId: saved.id, shippingAddressId: address.id });

    const vault = t.widget(await t.newSession({ mode: 'vault' }));
    const vaultCard = (await vault('POST', '/payment-profiles', card('4111111111111111'))).body.paymentProfile;
    const refused = await vault('POST', '/confirm', { paymentProfileId: vaultCard.id });
    expect(refused.status).toBe(403);
  });

  it("cannot confirm or remove anything outside the session's wallet", async () => {
    const mine = t.widget(await t.newSession({ allowRemove: true }));
    const theirs = t.widget(await t.newSession({ allowRemove: true }));
    const theirCard = (await theirs('POST', '/payment-profiles', card('4111111111111111'))).body.paymentProfile;
    await mine('POST', '/payment-profiles', card('4012888888881881'));
    const confirm = await mine('POST', '/confirm', { paymentProfileId: theirCard.id });
    const missing = await mine('POST', '/confirm', { paymentProfileId: '1234567890' });
    expect(confirm.status).toBe(404);
    expect(confirm.body.error.message).toBe(missing.body.error.message);
    expect((await mine('DELETE', `/payment-profiles/${theirCard.id}`)).status).toBe(404);
    expect((await theirs('GET', '/wallet')).body.paymentProfiles).toHaveLength(1);
  });

  it('removes saved cards and addresses only when allowRemove', async () => {
    const keep = t.widget(await t.newSession());
    const c1 = (await keep('POST', '/payment-profiles', card('4111111111111111'))).body.paymentProfile;
    expect((await keep('DELETE', `/payment-profiles/${c1.id}`)).status).toBe(403);

    const w = t.widget(await t.newSession({ allowRemove: true }));
    const saved = (await w('POST', '/payment-profiles', card('4111111111111111'))).body.paymentProfile;
    const address = (await w('POST', '/shipping-addresses', { firstName: 'Ada', address: '1 Main St', zip: '10001' })).body.shippingAddress;
    expect((await w('DELETE', `/payment-profiles/${saved.id}`)).status).toBe(204);
    expect((await w('DELETE', `/shipping-addresses/${address.id}`)).status).toBe(204);
    expect((await w('GET', '/wallet')).body).toMatchObject({ paymentProfiles: [], shippingAddresses: [] });
  });

  it('refuses an expired card at confirm', async () => {
    const customer = (await t.api('POST', '/v1/customers', { email: 'old@example.com' })).body;
    const profile = (await t.api('POST', `/v1/customers/${customer.id}/payment-profiles`, { card: { number: '4111111111111111', expMonth: 7, expYear: 2026 }, billTo: { firstName: 'Ada' } })).body;
    t.clock.advance(60 * 24 * 60 * 60 * 1000);
    const w = t.widget(await t.newSession({ customerId: customer.id }));
    expect((await w('GET', '/wallet')).body.paymentProfiles[0].expired).toBe(true);
    const res = await w('POST', '/confirm', { paymentProfileId: profile.id });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('card_expired');
  });

  it('ends with the session: 401 session_expired', async () => {
    const w = t.widget(await t.newSession({ ttlSeconds: 60 }));
    expect((await w('GET', '/wallet')).status).toBe(200);
    t.clock.advance(60_000);
    const res = await w('GET', '/wallet');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_expired');
    expect((await t.call('GET', '/widget/api/wallet', 'cs_' + 'A'.repeat(43))).body.error.code).toBe('unauthorized');
    expect((await t.call('GET', '/widget/api/wallet', null)).body.error.code).toBe('unauthorized');
  });

  it('sends no CORS headers, even to a preflight', async () => {
    const w = t.widget(await t.newSession());
    const res = await t.call('GET', '/widget/api/wallet', null, undefined, { origin: 'http://shop.test' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.call('OPTIONS', '/widget/api/payment-profiles', null, undefined, { origin: 'http://shop.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    expect((await w('GET', '/wallet')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

const decode = (token: string) => token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);

describe('paying with a new card: POST /payment-profiles with confirm: true', () => {
  it('saves the card and answers its result token in the same response, with exactly the documented claims', async () => {
    const w = t.widget(await t.newSession());
    const address = (await w('POST', '/shipping-addresses', { firstName: 'Ada', address: '1 Main St', city: 'NYC', zip: '10001', country: 'US' })).body.shippingAddress;
    const res = await w('POST', '/payment-profiles', card('5555555555554444', { confirm: true, shippingAddressId: address.id }));
    expect(res.status).toBe(201);
    const masked = { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2030 };
    expect(res.body).toEqual({
      // Provisional until a charge settles it: not the default yet.
      paymentProfile: { id: expect.stringMatching(/^\d{10}$/), type: 'card', card: masked, expired: false, isDefault: false, billTo: TEST_BILL_TO },
      token: expect.any(String),
      card: masked,
      expiresAt: '2026-06-15T12:15:00.000Z',
    });

    const wallet = (await w('GET', '/wallet')).body;
    const [header, claims] = decode(res.body.token);
    const { keys } = (await t.call('GET', '/.well-known/jwks.json', null)).body as { keys: Array<{ kid: string }> };
    expect(header).toEqual({ alg: 'EdDSA', kid: keys[0]!.kid, typ: 'cim-checkout+jwt' });
    const iat = Date.parse('2026-06-15T12:00:00Z') / 1000;
    expect(claims).toEqual({
      iss: 'http://localhost:8787',
      aud: t.merchant.id,
      sub: wallet.customer.id,
      customerProfileId: wallet.customer.id,
      paymentProfileId: res.body.paymentProfile.id,
      shippingAddressId: address.id,
      card: masked,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      iat,
      exp: iat + 15 * 60,
    });
    // The merchant's server redeems it like any other result token.
    const redeemed = await t.api('POST', '/v1/tokens/redeem', { token: res.body.token });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toEqual(claims);
    expect(wallet.paymentProfiles).toEqual([res.body.paymentProfile]);
  });

  it('signs only once the saved card is committed', async () => {
    const ring = t.deps.signingKeys;
    const signer = ring.signer.bind(ring);
    const committed: number[] = [];
    // Another connection sees only what has been committed to the database.
    ring.signer = async () => {
      committed.push(Number((await readDatabase<{ n: number }>(t, 'SELECT count(*) AS n FROM payment_profiles'))[0]?.n));
      return signer();
    };
    const w = t.widget(await t.newSession());
    expect((await w('POST', '/payment-profiles', card('4111111111111111', { confirm: true }))).status).toBe(201);
    expect(committed).toEqual([1]);
  });

  it('is refused in vault mode, before anything is saved', async () => {
    const w = t.widget(await t.newSession({ mode: 'vault' }));
    const res = await w('POST', '/payment-profiles', card('4111111111111111', { confirm: true }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await w('GET', '/wallet')).body).toMatchObject({ customer: null, paymentProfiles: [], session: { cardSavesLeft: 10 } });
  });

  it('writes nothing for a bad card, an address outside the wallet, or shippingAddressId without confirm', async () => {
    const other = t.widget(await t.newSession());
    const theirAddress = (await other('POST', '/shipping-addresses', { firstName: 'Eve', address: '9 Elm St', zip: '10002' })).body.shippingAddress;
    const w = t.widget(await t.newSession());
    const cases: Array<[unknown, number, string, string | undefined]> = [
      [card('4111111111111112', { confirm: true }), 400, 'invalid_card_number', 'card.number'],
      [card('4111111111111111', { confirm: true, shippingAddressId: theirAddress.id }), 404, 'not_found', undefined],
      [card('4111111111111111', { confirm: true, shippingAddressId: '1234567890' }), 404, 'not_found', undefined],
      [card('4111111111111111', { shippingAddressId: '1234567890' }), 400, 'invalid_request', 'shippingAddressId'],
      [card('4111111111111111', { confirm: 'yes' }), 400, 'invalid_request', 'confirm'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await w('POST', '/payment-profiles', body);
      expect([res.status, res.body.error?.code, res.body.error?.field]).toEqual([status, code, field]);
      expect(res.body.token).toBeUndefined();
    }
    expect((await w('GET', '/wallet')).body).toMatchObject({ customer: null, paymentProfiles: [], shippingAddresses: [], session: { cardSavesLeft: 10 } });
  });

  it('counts new cards against the session limit, and a card already saved is chosen without counting', async () => {
    const w = t.widget(await t.newSession());
    const first = await w('POST', '/payment-profiles', card(NUMBERS[0]!, { confirm: true }));
    const again = await w('POST', '/payment-profiles', card(NUMBERS[0]!, { confirm: true }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.paymentProfile.id).toBe(first.body.paymentProfile.id);
    expect(decode(again.body.token)[1]).toMatchObject({ paymentProfileId: first.body.paymentProfile.id });
    expect(again.body.token).not.toBe(first.body.token);
    expect((await w('GET', '/wallet')).body.session.cardSavesLeft).toBe(9);

    for (const [i, number] of NUMBERS.slice(1, 10).entries()) {
      expect((await w('POST', '/payment-profiles', card(number, { confirm: i % 2 === 0 }))).status).toBe(201);
    }
    const eleventh = await w('POST', '/payment-profiles', card(NUMBERS[10]!, { confirm: true }));
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('session_card_limit');
    expect(eleventh.body.token).toBeUndefined();
    expect((await w('GET', '/wallet')).body.paymentProfiles).toHaveLength(10);
  });

  it('gives no token for a saved card whose expiry has passed', async () => {
    const customer = (await t.api('POST', '/v1/customers', { email: 'old@example.com' })).body;
    await t.api('POST', `/v1/customers/${customer.id}/payment-profiles`, { card: { number: '4111111111111111', expMonth: 7, expYear: 2026 }, billTo: TEST_BILL_TO });
    t.clock.advance(60 * 24 * 60 * 60 * 1000);
    const w = t.widget(await t.newSession({ customerId: customer.id }));
    // Same number and billing: the saved (expired) card is selected, and no token is signed for it.
    const res = await w('POST', '/payment-profiles', card('4111111111111111', { confirm: true }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'card_expired', field: 'card.expMonth' });
  });
});

describe('widget API rate limits', () => {
  it('limits one session to 60 calls in a burst, then answers 429 with Retry-After', async () => {
    const w = t.widget(await t.newSession());
    for (let i = 0; i < 60; i++) expect((await w('GET', '/wallet')).status).toBe(200);
    const limited = await w('GET', '/wallet');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('1');
    // Another session is not affected; time refills the bucket.
    expect((await t.widget(await t.newSession())('GET', '/wallet')).status).toBe(200);
    t.clock.advance(1000);
    expect((await w('GET', '/wallet')).status).toBe(200);
  });

  it('limits card saves per client address across sessions', async () => {
    let saves = 0;
    let limited: Awaited<ReturnType<ReturnType<CheckoutServer['widget']>>> | undefined;
    for (let s = 0; s < 3 && !limited; s++) {
      const w = t.widget(await t.newSession());
      for (const number of NUMBERS.slice(0, 10)) {
        const res = await w('POST', '/payment-profiles', card(number));
        if (res.status === 429) {
          limited = res;
          break;
        }
        saves++;
      }
    }
    expect(saves).toBe(20);
    expect(limited?.body.error.code).toBe('rate_limited');
    expect(Number(limited?.headers.get('retry-after'))).toBe(30);
  });
});

describe('no card data leaves the vault', () => {
  it('never returns a card number or security code, and never logs one', async () => {
    const w = t.widget(await t.newSession({ allowRemove: true }));
    const saved = (await w('POST', '/payment-profiles', card('4111111111111111', { card: { ...TEST_CARD, cvc: '987' } }))).body.paymentProfile;
    await w('POST', '/payment-profiles', card('4111111111111112'));
    await w('GET', '/wallet');
    const confirmed = await w('POST', '/confirm', { paymentProfileId: saved.id });
    await t.api('POST', '/v1/tokens/redeem', { token: confirmed.body.token });
    const paid = await w('POST', '/payment-profiles', { card: { ...TEST_CARD, number: '4012888888881881', cvc: '654' }, billTo: TEST_BILL_TO, confirm: true });
    expect(paid.status).toBe(201);
    await t.api('POST', '/v1/tokens/redeem', { token: paid.body.token });
    const payloads = [confirmed.body.token, paid.body.token].map((token: string) => Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const everything = [...t.answers, ...payloads, ...t.logLines].join('\n');
    expect(everything).not.toMatch(/411111111111111[12]|4012888888881881/);
    expect(everything).not.toMatch(/"987"|"654"|cvc/);
    // Nor is it anywhere in the database files in clear (main file and write-ahead log).
    // On PostgreSQL this CHECKPOINTs the shared test cluster first, which can outlast 20 s on a loaded machine.
    const files = await databaseFiles(t);
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) for (const digits of ['4111111111111111', '4012888888881881']) expect(bytes.includes(digits)).toBe(false);
  }, 90_000);
});
