import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { findCardData } from './card-leaks.ts';
import { useCimAndShop } from './harness.ts';
import { fillCard, openShopPage, submitFromPage, whatTheShopSaw } from './shop-page.ts';

const CARD = { name: 'Ada Lovelace', number: '4111111111111111', expiry: '1230', cvc: '737', postal: '10001' };

describe('<cim-checkout> with the real server: a new shopper', () => {
  const h = useCimAndShop();

  it('saves a card with the frame’s button; the page gets a token whose claims verify against the JWKS', async () => {
    const session = await h.env.newSession({ collectShipping: false });
    const shop = await openShopPage(h.browser, h.env.publish('/new', session));
    await shop.waitForSeen('cim-ready');
    await fillCard(shop.frame, CARD);
    // The digits really are in the frame (so the checks below could find them if they leaked).
    expect(await shop.frame.locator('#number').inputValue()).toBe('4111 1111 1111 1111');
    const writes: string[] = [];
    shop.page.on('request', (r) => void (r.method() !== 'GET' && writes.push(`${r.method()} ${new URL(r.url()).pathname}`)));
    const tokenEvent = shop.next('cim-token');
    await shop.frame.getByRole('button', { name: 'Continue' }).click();
    const detail = (await tokenEvent) as { token: string; card: unknown };
    expect(detail.card).toEqual({ brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 });
    // Paying with a new card is one round trip: the save answers the token (no separate /confirm).
    expect(writes).toEqual(['POST /widget/api/payment-profiles']);

    const jwks = createRemoteJWKSet(new URL(`${h.env.cimOrigin}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(detail.token, jwks, {
      algorithms: ['EdDSA'],
      issuer: h.env.cimOrigin,
      audience: h.env.merchant.id,
      typ: 'cim-checkout+jwt',
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(Object.keys(payload).sort()).toEqual(['aud', 'card', 'customerProfileId', 'exp', 'iat', 'iss', 'jti', 'paymentProfileId', 'sub'].sort());
    expect(payload).toMatchObject({ sub: payload.customerProfileId, card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 } });

    // Saved for real: the merchant's REST API shows it on the shopper's profile.
    const customer = await h.env.rest('GET', `/customers/${String(payload.customerProfileId)}`);
    expect(customer.paymentProfiles).toEqual([expect.objectContaining({ id: payload.paymentProfileId, card: expect.objectContaining({ last4: '1111' }) })]);
    await shop.page.close();
  });

  it('never lets the page’s DOM, messages, events, storage or requests see the card number or code', async () => {
    const session = await h.env.newSession({ collectShipping: false });
    const shop = await openShopPage(h.browser, h.env.publish('/leak', session, 'hide-button'));
    await shop.waitForSeen('cim-ready');
    await fillCard(shop.frame, CARD);
    await shop.frame.locator('#postal').blur();
    const result = await submitFromPage(shop.page);
    expect('token' in result && result.token.split('.')).toHaveLength(3);

    const seen = await whatTheShopSaw(shop);
    // The recorder works: it saw the element's events and the frame's raw messages.
    const events = await shop.seen();
    expect(events.some((e) => e.startsWith('cim-token') && e.includes('"last4":"1111"'))).toBe(true);
    expect(events.some((e) => e.startsWith('cim-change') && e.includes('"brand":"visa"') && e.includes('"complete":true'))).toBe(true);
    expect(events.some((e) => e.startsWith('message {"v":1,"kind":"change"'))).toBe(true);
    // And the detector finds a leak when there is one.
    expect(findCardData(['<input value="4111 1111 1111 1111">', '{"cvc":"737"}'], CARD)).toHaveLength(2);

    expect(findCardData(seen, CARD)).toEqual([]);
    await shop.page.close();
  });
});
