import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { useCimAndShop } from './harness.ts';
import { fillCard, fillShipping, openShopPage, submitFromPage } from './shop-page.ts';

describe('<cim-checkout> with the real server: a returning shopper', () => {
  const h = useCimAndShop();

  it('sees saved cards and addresses with the defaults preselected, picks others, and the token names them', async () => {
    // First visit: a new card and address through the frame.
    const shopper = { merchantCustomerId: 'returning-ada' };
    const first = await openShopPage(h.browser, h.env.publish('/first', await h.env.newSession(shopper)));
    await first.waitForSeen('cim-ready');
    await fillCard(first.frame, { name: 'Ada Lovelace', number: '5555555555554444', expiry: '0829', cvc: '123', postal: '10001' });
    await fillShipping(first.frame, { name: 'Ada Lovelace', line1: '1 Main St', city: 'New York', postal: '10001' });
    const saved = first.next('cim-token');
    await first.frame.getByRole('button', { name: 'Continue' }).click();
    const firstToken = ((await saved) as { token: string }).token;
    const firstClaims = decodeJwt(firstToken);
    await first.page.close();
    // The merchant charges it: a card typed at checkout is kept (and offered again) once a charge is approved.
    const charged = await h.env.rest('POST', '/transactions', { type: 'authCapture', amount: '5.00', token: firstToken });
    expect(charged.status).toBe('approved');

    // Meanwhile the merchant saved another card and address, both now the defaults.
    const customerId = String(firstClaims.customerProfileId);
    const visa = await h.env.rest('POST', `/customers/${customerId}/payment-profiles`, {
      card: { number: '4111111111111111', expMonth: 1, expYear: 2031 }, billTo: { firstName: 'Ada', zip: '10001' }, isDefault: true,
    });
    const paris = await h.env.rest('POST', `/customers/${customerId}/shipping-addresses`, {
      firstName: 'Ada', lastName: 'Lovelace', address: '12 Rue de Rivoli', city: 'Paris', zip: '75004', country: 'FR', isDefault: true,
    });

    // Second visit: the wallet, defaults preselected, no new-card form until asked for.
    const back = await openShopPage(h.browser, h.env.publish('/again', await h.env.newSession(shopper), 'hide-button'));
    await back.waitForSeen('cim-ready');
    const f = back.frame;
    await expect(f.getByRole('radio', { name: 'Visa ending in 1111' }).isChecked()).resolves.toBe(true);
    await expect(f.getByRole('radio', { name: /12 Rue de Rivoli/ }).isChecked()).resolves.toBe(true);
    await expect(f.locator('#number').count()).resolves.toBe(0);
    await expect(f.getByRole('button', { name: 'Continue' }).count()).resolves.toBe(0);

    await f.getByRole('radio', { name: 'Mastercard ending in 4444' }).check();
    await f.getByRole('radio', { name: /1 Main St/ }).check();
    const result = await submitFromPage(back.page);
    if (!('token' in result)) throw new Error(`submit() failed: ${result.code}`);
    const claims = decodeJwt(result.token);
    expect(claims).toMatchObject({
      customerProfileId: customerId,
      paymentProfileId: firstClaims.paymentProfileId,
      shippingAddressId: firstClaims.shippingAddressId,
      card: { brand: 'mastercard', last4: '4444', expMonth: 8, expYear: 2029 },
    });
    expect(claims.paymentProfileId).not.toBe(visa.id);
    expect(claims.shippingAddressId).not.toBe(paris.id);

    // Picking saved details saved nothing new.
    const customer = await h.env.rest('GET', `/customers/${customerId}`);
    expect(customer.paymentProfiles).toHaveLength(2);
    expect(customer.shippingAddresses).toHaveLength(2);
    await back.page.close();
  });
});
