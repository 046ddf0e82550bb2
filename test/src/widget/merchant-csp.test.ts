import { describe, expect, it } from 'vitest';
import { useCimAndShop } from './harness.ts';
import { fillCard, openShopPage } from './shop-page.ts';

describe('<cim-checkout> with the real server: a shop page with a strict CSP', () => {
  const h = useCimAndShop();

  it('works with only script-src and frame-src for the CIM origin (no inline styles, nothing else)', async () => {
    const csp = `default-src 'none'; script-src ${h.env.cimOrigin}; frame-src ${h.env.cimOrigin}; style-src 'none'; base-uri 'none'; form-action 'none'`;
    const session = await h.env.newSession({ collectShipping: false });
    const shop = await openShopPage(h.browser, h.env.publish('/strict', session, '', 'shop', { 'content-security-policy': csp }));
    await shop.waitForSeen('cim-ready');
    // The element's own styles applied (an iframe's default border is 2px) and sized the frame to the form.
    const frame = shop.page.locator('cim-checkout >> iframe');
    expect(await frame.evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('0px');
    expect((await frame.boundingBox())!.height).toBeGreaterThan(300);

    await fillCard(shop.frame, { name: 'Ada Lovelace', number: '4111111111111111', expiry: '1230', cvc: '737', postal: '10001' });
    const token = shop.next('cim-token');
    await shop.frame.getByRole('button', { name: 'Continue' }).click();
    await expect(token).resolves.toMatchObject({ card: { last4: '1111' } });

    expect((await shop.seen()).filter((s) => s.startsWith('csp '))).toEqual([]);
    await shop.page.close();
  });
});
