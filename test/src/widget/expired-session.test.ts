import { describe, expect, it } from 'vitest';
import { useCimAndShop } from './harness.ts';
import { fillCard, openShopPage, submitFromPage } from './shop-page.ts';

describe('<cim-checkout> with the real server: an expired session', () => {
  const h = useCimAndShop();

  /**
   * Moves CIM's clock past the session's end. Never back again: the widget API's rate limiter
   * counts elapsed time, so the next test simply starts later.
   */
  async function later(ms: number, body: () => Promise<void>) {
    h.env.clock.advance(ms);
    await body();
  }

  it('already expired when the page opens: cim-error session_expired, and the frame says so', async () => {
    const session = await h.env.newSession({ ttlSeconds: 60 });
    await later(61_000, async () => {
      const shop = await openShopPage(h.browser, h.env.publish('/expired', session));
      // The error comes while the page is still loading: read it from the recorder, not a late listener.
      await shop.waitForSeen('cim-error');
      expect((await shop.seen()).filter((s) => s.startsWith('cim-'))).toEqual([
        'cim-error {"code":"session_expired","message":"This payment session has expired. Reload the page to start again."}',
      ]);
      await expect(shop.frame.locator('.notice').textContent()).resolves.toContain('This payment session has expired');
      await shop.page.close();
    });
  });

  it('expiring while the shopper types: submit() rejects with session_expired and cim-error fires', async () => {
    const session = await h.env.newSession({ ttlSeconds: 60, collectShipping: false });
    const shop = await openShopPage(h.browser, h.env.publish('/expiring', session, 'hide-button'));
    await shop.waitForSeen('cim-ready');
    await fillCard(shop.frame, { name: 'Ada Lovelace', number: '4111111111111111', expiry: '1230', cvc: '737', postal: '10001' });
    await later(61_000, async () => {
      const error = shop.next('cim-error');
      await expect(submitFromPage(shop.page)).resolves.toEqual({ code: 'session_expired' });
      await expect(error).resolves.toMatchObject({ code: 'session_expired' });
      await expect(shop.frame.locator('.notice').textContent()).resolves.toContain('This payment session has expired');
    });
    await shop.page.close();
  });

  it('a new session set on the element after the end carries on: same frame, the typed card is saved and confirmed', async () => {
    const session = await h.env.newSession({ ttlSeconds: 60, collectShipping: false });
    const shop = await openShopPage(h.browser, h.env.publish('/renewed', session, 'hide-button'));
    await shop.waitForSeen('cim-ready');
    await fillCard(shop.frame, { name: 'Ada Lovelace', number: '4111111111111111', expiry: '1230', cvc: '737', postal: '10001' });
    await later(61_000, async () => {
      await expect(submitFromPage(shop.page)).resolves.toEqual({ code: 'session_expired' });
      const renewed = await h.env.newSession({ ttlSeconds: 600, collectShipping: false });
      await shop.page.evaluate((token) => {
        document.querySelector('cim-checkout')!.setAttribute('session', token);
      }, renewed);
      // No reload: the number is still in its field, and the renewed session saves and confirms it.
      await expect(shop.frame.locator('#number').inputValue()).resolves.toBe('4111 1111 1111 1111');
      await expect.poll(() => shop.frame.locator('.notice').count()).toBe(0);
      const result = await submitFromPage(shop.page);
      expect(result).toMatchObject({ token: expect.any(String) });
      expect((await shop.seen()).filter((s) => s.startsWith('cim-ready'))).toHaveLength(1);
    });
    await shop.page.close();
  });
});
