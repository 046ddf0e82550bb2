/**
 * Driving a shop page that embeds <cim-checkout> in Debian's Chromium, and recording everything
 * the shop page's own JavaScript and network could see, so tests can prove card data never got there.
 */
import { chromium, type Browser, type Frame, type FrameLocator, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

type SeenWindow = Window & { __seen: string[] };

export interface ShopPage {
  page: Page;
  /** The form inside the element's iframe (the CIM origin). */
  frame: FrameLocator;
  /** Every `message` event, `cim-*` event and CSP violation the shop page's JavaScript received. */
  seen: () => Promise<string[]>;
  /** Every request the shop page itself made (URL and body); the frame's own requests are not the page's. */
  requests: string[];
  /** Resolves with the `detail` of the next `type` event on the element. */
  next: (type: string) => Promise<unknown>;
  /** Waits until the page's JavaScript has seen an event whose JSON starts with `prefix`. */
  waitForSeen: (prefix: string) => Promise<void>;
}

export async function openShopPage(browser: Browser, url: string): Promise<ShopPage> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.frame() === page.mainFrame()) requests.push(`${r.url()} ${r.postData() ?? ''}`);
  });
  // Init scripts run in every frame; only the top document records, since that is what the shop sees.
  await page.addInitScript(() => {
    if (window !== window.top) return;
    const log: string[] = ((window as unknown as SeenWindow).__seen = []);
    addEventListener('message', (e) => log.push(`message ${JSON.stringify(e.data)}`), true);
    addEventListener('securitypolicyviolation', (e) => log.push(`csp ${e.violatedDirective} ${e.blockedURI}`), true);
    for (const type of ['cim-ready', 'cim-change', 'cim-token', 'cim-error']) {
      addEventListener(type, (e) => log.push(`${type} ${JSON.stringify((e as CustomEvent).detail)}`), true);
    }
  });
  await page.goto(url);
  return {
    page,
    frame: page.frameLocator('cim-checkout >> iframe'),
    requests,
    seen: () => page.evaluate(() => (window as unknown as SeenWindow).__seen),
    next: (type) =>
      page.evaluate(
        (t) => new Promise<unknown>((resolve) => document.querySelector('cim-checkout')!.addEventListener(t, (e) => resolve((e as CustomEvent).detail), { once: true })),
        type,
      ),
    waitForSeen: async (prefix) => {
      await page.waitForFunction((p) => (window as unknown as SeenWindow).__seen.some((s) => s.startsWith(p)), prefix);
    },
  };
}

/**
 * Everything the shop page could read: its DOM with the element's shadow root, its cookies and
 * storage, the messages and events its JavaScript received, and the requests it made.
 */
export async function whatTheShopSaw(shop: ShopPage): Promise<string[]> {
  const own = await shop.page.evaluate(() => [
    document.documentElement.outerHTML,
    ...[...document.querySelectorAll('*')].map((el) => el.shadowRoot?.innerHTML ?? ''),
    ...[...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value),
    document.cookie,
    JSON.stringify({ ...localStorage }),
    JSON.stringify({ ...sessionStorage }),
  ]);
  return [...own, ...(await shop.seen()), ...shop.requests];
}

/** Calls the element's `submit()` as a page with its own pay button would: the token, or the error's code. */
export function submitFromPage(page: Page): Promise<{ token: string } | { code: string }> {
  return page.evaluate(async () => {
    const el = document.querySelector('cim-checkout') as HTMLElement & { submit(): Promise<string> };
    try {
      return { token: await el.submit() };
    } catch (error) {
      return { code: String((error as { code?: unknown }).code) };
    }
  });
}

/** The element's iframe as a playwright Frame (null before it is attached). */
export async function checkoutFrame(page: Page): Promise<Frame | null> {
  const handle = await page.locator('cim-checkout >> iframe').elementHandle();
  return (await handle?.contentFrame()) ?? null;
}

/**
 * What ended up inside the element's iframe: the CIM form, or Chromium's error document
 * (`chrome-error://…`), which is what a frame refused by CSP `frame-ancestors` holds.
 * Polls until one of the two is true.
 */
export async function frameOutcome(page: Page, timeoutMs = 30_000): Promise<'form' | 'refused'> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await page.waitForTimeout(50)) {
    const frame = await checkoutFrame(page);
    if (!frame) continue;
    if (frame.url().startsWith('chrome-error:')) return 'refused';
    if (await frame.evaluate(() => document.querySelector('cim-frame-app form') !== null).catch(() => false)) return 'form';
  }
  throw new Error('The iframe neither showed the form nor was refused.');
}

/** What the shopper types into the new-card form: name, number, expiry (MMYY), code, postal code. */
export type NewCard = Record<'name' | 'number' | 'expiry' | 'cvc' | 'postal', string>;

export async function fillCard(frame: FrameLocator, card: NewCard): Promise<void> {
  await frame.locator('#name').fill(card.name);
  await frame.locator('#number').pressSequentially(card.number);
  await frame.locator('#expiry').pressSequentially(card.expiry);
  await frame.locator('#cvc').pressSequentially(card.cvc);
  await frame.locator('#postal').fill(card.postal);
}

export async function fillShipping(frame: FrameLocator, address: { name: string; line1: string; city: string; postal: string }): Promise<void> {
  await frame.locator('#ship-name').fill(address.name);
  await frame.locator('#ship-line1').fill(address.line1);
  await frame.locator('#ship-city').fill(address.city);
  await frame.locator('#ship-postal').fill(address.postal);
}
