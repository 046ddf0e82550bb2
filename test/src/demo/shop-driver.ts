/**
 * A shopper's hands: what a person does in the demo shop, as playwright steps. The card form
 * lives in CIM's iframe; everything else is the shop's own page.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';

export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CIM_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

export interface NewCard {
  name: string;
  number: string;
  expiry: string;
  cvc: string;
  postal: string;
}

export interface NewAddress {
  name: string;
  line1: string;
  city: string;
  state: string;
  postal: string;
}

export const checkoutFrame = (page: Page): FrameLocator => page.frameLocator('cim-checkout >> iframe');

export async function newShopperPage(browser: Browser, shopUrl: string, who: 'returning' | 'new', viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  // Each cim-ready becomes a console line the steps below can wait for; each cim-session-expiring
  // is recorded with the session it was for (see frameUsesSession).
  await context.addInitScript(() => {
    document.addEventListener('cim-ready', () => console.log('cim-ready'), true);
    const expiring: string[] = ((window as unknown as { cimExpiring: string[] }).cimExpiring = []);
    document.addEventListener('cim-session-expiring', (e) => expiring.push((e.target as Element).getAttribute('session') ?? ''), true);
  });
  const page = await context.newPage();
  await page.goto(`${shopUrl}/signin`);
  await page.locator(`form:has(input[name="shopper"][value="${who}"]) button`).click();
  await page.waitForURL(`${shopUrl}/`);
  return page;
}

export async function addToCart(page: Page, productName: string): Promise<void> {
  await page.goto(new URL('/', page.url()).href);
  await page.getByRole('button', { name: `Add ${productName} to cart` }).click();
  await page.waitForURL(/\/cart$/);
}

/** Resolves at the next `cim-ready` on the page: a (new) element's frame has loaded its session. */
export const nextReady = (page: Page) => page.waitForEvent('console', { predicate: (m) => m.text() === 'cim-ready', timeout: 20_000 });

/**
 * Resolves once the frame works under `session` (one the page handed to the element): it has read
 * the wallet with it. A session as short as the demo tests' (60 s) warns at once when the frame
 * takes it on, so its cim-session-expiring says so. Paying before that uses the previous session.
 */
export const frameUsesSession = (page: Page, session: string) =>
  page.waitForFunction((s) => (window as unknown as { cimExpiring: string[] }).cimExpiring.includes(s), session, { timeout: 30_000 });

/** Opens the checkout and waits until the element says its frame is ready. */
export async function openCheckout(page: Page): Promise<FrameLocator> {
  const ready = nextReady(page);
  await page.goto(new URL('/checkout', page.url()).href);
  await ready;
  return checkoutFrame(page);
}

export async function fillNewCard(frame: FrameLocator, card: NewCard): Promise<void> {
  const useNew = frame.locator('input[name="card"][value="new"]');
  if (await useNew.count()) await useNew.check();
  await frame.locator('#name').fill(card.name);
  await frame.locator('#number').pressSequentially(card.number);
  await frame.locator('#expiry').pressSequentially(card.expiry);
  await frame.locator('#cvc').pressSequentially(card.cvc);
  await frame.locator('#postal').fill(card.postal);
}

export async function fillNewAddress(frame: FrameLocator, address: NewAddress): Promise<void> {
  const addNew = frame.locator('input[name="address"][value="new"]');
  if (await addNew.count()) await addNew.check();
  await frame.locator('#ship-name').fill(address.name);
  await frame.locator('#ship-line1').fill(address.line1);
  await frame.locator('#ship-city').fill(address.city);
  await frame.locator('#ship-state').fill(address.state);
  await frame.locator('#ship-postal').fill(address.postal);
}

/** Clicks the shop's own "Pay $…" button (the element has hide-button; the page calls submit()). */
export async function pay(page: Page): Promise<void> {
  await page.locator('#pay-button').click();
}

/** The shop account the page is signed in as: the shop's signed cookie holds `<id>.<signature>`. */
export async function signedInShopperId(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'shopper');
  if (!cookie) throw new Error('The page is not signed in to the shop.');
  const value = decodeURIComponent(cookie.value);
  return value.slice(0, value.lastIndexOf('.'));
}

/** Opens "Payment methods" (a vault session) and waits until the element says its frame is ready. */
export async function openPaymentMethods(page: Page): Promise<FrameLocator> {
  const ready = nextReady(page);
  await page.goto(new URL('/account/payment-methods', page.url()).href);
  await ready;
  return checkoutFrame(page);
}

/** The payment profile IDs the vault frame lists as removable cards, in order. */
export const listedCardIds = (frame: FrameLocator) =>
  frame.locator('button.remove[data-kind="card"]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.remove ?? ''));

/**
 * Clicks a saved card's remove button ("Remove Visa ending in 1111") and returns the question
 * the frame then asks in place ("Remove Visa ending in 1111?"), with its Remove and Keep buttons.
 */
export async function askToRemove(frame: FrameLocator, item: string) {
  await frame.getByRole('button', { name: `Remove ${item}`, exact: true }).click();
  const question = frame.getByRole('group', { name: `Remove ${item}?`, exact: true });
  await question.waitFor();
  return question;
}
