import { describe, expect, it } from 'vitest';
import { useCimAndShop } from './harness.ts';
import { frameOutcome, openShopPage } from './shop-page.ts';

/** Long enough for a frame on the registered origin to have said ready several times over. */
const QUIET_MS = 1500;

/**
 * A refused frame is reported within this long, page load included (the element's load timeout alone
 * is 15 s). The report itself comes 1 s after the frame's error page loads; the rest is a loaded
 * machine opening the page, which took more than the 5 s this once was.
 */
const REPORTED_WITHIN_MS = 10_000;

/** Opens the page and waits for the element's cim-error; returns its detail and how long it took. */
async function refusal(shop: Awaited<ReturnType<typeof openShopPage>>, startedAt: number) {
  await shop.waitForSeen('cim-error');
  const error = (await shop.seen()).find((s) => s.startsWith('cim-error '))!;
  return { detail: JSON.parse(error.slice('cim-error '.length)) as { code: string }, ms: Date.now() - startedAt };
}

describe('<cim-checkout> with the real server: who may frame the form', () => {
  const h = useCimAndShop();

  it('the session’s own origin frames the form and gets cim-ready', async () => {
    const session = await h.env.newSession();
    const shop = await openShopPage(h.browser, h.env.publish('/registered', session));
    await expect(frameOutcome(shop.page)).resolves.toBe('form');
    await shop.waitForSeen('cim-ready');
    await shop.page.close();
  });

  it('the same page and session on an unregistered origin: the browser refuses the frame, no cim-ready', async () => {
    const session = await h.env.newSession();
    const startedAt = Date.now();
    const shop = await openShopPage(h.browser, h.env.publish('/unregistered', session, '', 'other'));
    await expect(frameOutcome(shop.page)).resolves.toBe('refused');
    // The page is told soon, without learning whose session it is.
    const { detail, ms } = await refusal(shop, startedAt);
    expect(detail.code).toBe('frame_blocked');
    expect(ms).toBeLessThan(REPORTED_WITHIN_MS);
    await shop.page.waitForTimeout(QUIET_MS);
    expect((await shop.seen()).filter((s) => s.startsWith('cim-ready') || s.startsWith('message'))).toEqual([]);
    await shop.page.close();
  });

  it('it is the frame-ancestors CSP that refuses it: stripped, the form loads (and still talks only to the session’s origin)', async () => {
    const session = await h.env.newSession();
    const shop = await openShopPage(h.browser, 'about:blank');
    await shop.page.route(`${h.env.cimOrigin}/widget/frame?**`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      expect(headers['content-security-policy']).toContain(`frame-ancestors ${h.env.shopOrigin}`);
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
    await shop.page.goto(h.env.publish('/unregistered-no-csp', session, '', 'other'));
    await expect(frameOutcome(shop.page)).resolves.toBe('form');
    await shop.page.waitForTimeout(QUIET_MS);
    // The frame posts only to the session's origin, so this page still hears nothing.
    expect((await shop.seen()).filter((s) => s.startsWith('cim-ready') || s.startsWith('message'))).toEqual([]);
    await shop.page.close();
  });

  it('an unknown session may not be framed by anyone', async () => {
    const startedAt = Date.now();
    const shop = await openShopPage(h.browser, h.env.publish('/unknown', 'cs_not_a_real_session'));
    await expect(frameOutcome(shop.page)).resolves.toBe('refused');
    const { detail, ms } = await refusal(shop, startedAt);
    expect(detail.code).toBe('frame_blocked');
    expect(ms).toBeLessThan(REPORTED_WITHIN_MS);
    await shop.page.close();
  });

  it('a shop page whose own CSP leaves CIM out of frame-src: frame_blocked, soon', async () => {
    const session = await h.env.newSession();
    const csp = `script-src ${h.env.cimOrigin}; frame-src 'none'`;
    const startedAt = Date.now();
    const shop = await openShopPage(h.browser, h.env.publish('/csp-blocks-frame', session, '', 'shop', { 'content-security-policy': csp }));
    const { detail, ms } = await refusal(shop, startedAt);
    expect(detail.code).toBe('frame_blocked');
    expect(ms).toBeLessThan(REPORTED_WITHIN_MS);
    expect(await shop.seen()).toContainEqual(expect.stringMatching(/^csp frame-src /));
    await shop.page.close();
  });
});
