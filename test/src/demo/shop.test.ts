/**
 * The demo end to end, against `pnpm start` itself: the launcher, the CIM server and the shop on
 * two origins, driven through Debian's Chromium like a shopper would.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './demo-process.ts';
import {
  addToCart,
  askToRemove,
  checkoutFrame,
  CHROMIUM_LAUNCH,
  fillNewAddress,
  fillNewCard,
  listedCardIds,
  newShopperPage,
  nextReady,
  openCheckout,
  openPaymentMethods,
  pay,
  signedInShopperId,
} from './shop-driver.ts';

// Sessions live 60 s (CIM's minimum) in this run, so one can expire within the test.
const SESSION_TTL_SECONDS = 60;
const VISA = '4111111111111111';
const DECLINE_INSUFFICIENT_FUNDS = '4000000000009995';
const SEEDED = ['4111111111111111', '5424000000000015'];

let demo: RunningDemo;
let browser: Browser;
/** A checkout opened at the start, a new card typed in, then left alone past its session's end (the last browser test). */
let idle: { page: Page; openedAt: number; session: string; events: SessionEvent[] };
/** A cim-session-* event and the session the element had when it fired. */
interface SessionEvent {
  name: string;
  session: string | null;
}
const IDLE_CARD = { name: 'Ada Lovelace', number: '5555555555554444', expiry: '0532', cvc: '987', postal: '10001' };

const shopDb = () => new DatabaseSync(join(demo.dataDir, 'demo.db'), { readOnly: true });
const orderRow = (id: number) => {
  const db = shopDb();
  try {
    return db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Record<string, unknown>;
  } finally {
    db.close();
  }
};
const orderIdOf = (page: Page) => Number(/\/orders\/(\d+)$/.exec(page.url())?.[1]);
const sessionAttr = (page: Page) => page.locator('cim-checkout').getAttribute('session');

/** CIM's REST API as the demo merchant's server calls it, with the secret key the launcher saved. */
const secretKey = () => (JSON.parse(readFileSync(join(demo.dataDir, 'demo-merchant.json'), 'utf8')) as { secretKey: string }).secretKey;
const cimRequest = (method: string, path: string, body?: unknown) =>
  fetch(new URL(path, demo.cimUrl), {
    method,
    headers: { authorization: `Bearer ${secretKey()}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
async function cim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await cimRequest(method, path, body);
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const cimStatus = async (path: string) => (await cimRequest('GET', path)).status;

beforeAll(async () => {
  demo = await startDemo({ env: { DEMO_SESSION_TTL_SECONDS: String(SESSION_TTL_SECONDS) } });
  browser = await chromium.launch(CHROMIUM_LAUNCH);
  const page = await newShopperPage(browser, demo.shopUrl, 'returning');
  const events: SessionEvent[] = [];
  await page.exposeFunction('recordCimEvent', (name: string, session: string | null) => events.push({ name, session }));
  await page.addInitScript(() => {
    for (const name of ['cim-session-expiring', 'cim-session-expired']) {
      document.addEventListener(name, (e) => (window as unknown as { recordCimEvent(n: string, s: string | null): void }).recordCimEvent(name, (e.target as Element).getAttribute('session')), true);
    }
  });
  await addToCart(page, 'Stoneware Mug');
  const frame = await openCheckout(page);
  idle = { page, openedAt: Date.now(), session: (await sessionAttr(page))!, events };
  await fillNewCard(frame, IDLE_CARD);
});

afterAll(async () => {
  await browser?.close();
  await demo?.interrupt();
  if (demo) rmSync(demo.dataDir, { recursive: true, force: true });
});

describe('pnpm start', () => {
  it('prints both URLs and keeps the merchant secret out of its output', () => {
    expect(demo.output()).toContain(demo.cimUrl);
    expect(demo.output()).toContain(demo.shopUrl);
    const keysFile = join(demo.dataDir, 'demo-merchant.json');
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as { secretKey: string; transactionKey: string; allowedOrigins: string[] };
    expect(keys.allowedOrigins).toEqual([demo.shopUrl]);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    expect(demo.output()).not.toContain(keys.secretKey);
    expect(demo.output()).not.toContain(keys.transactionKey);
  });
});

describe('the demo shop', () => {
  it('a new shopper buys with a new card, which CIM saves to a profile the shop now knows', async () => {
    const page = await newShopperPage(browser, demo.shopUrl, 'new');
    const shopRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(demo.shopUrl)) shopRequests.push(`${r.url()} ${r.postData() ?? ''}`);
    });
    await addToCart(page, 'House Blend, 340 g');
    await addToCart(page, 'Hand Grinder');
    const frame = await openCheckout(page);
    await fillNewCard(frame, { name: 'Grace Hopper', number: VISA, expiry: '1130', cvc: '123', postal: '10001' });
    await fillNewAddress(frame, { name: 'Grace Hopper', line1: '1 Compiler Way', city: 'Arlington', state: 'VA', postal: '22201' });
    await pay(page);
    await page.waitForURL(/\/orders\/\d+$/);

    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toContain('is paid');
    await expect(page.getByTestId('order-card').textContent()).resolves.toBe('Visa •••• 1111');
    const order = orderRow(orderIdOf(page));
    expect(order).toMatchObject({ status: 'approved', amount: '80.00', card_brand: 'visa', card_last4: '1111' });
    expect(order.payment_profile_id).toMatch(/^\d+$/);
    expect(order.shipping_address_id).toMatch(/^\d+$/);
    // The shop now maps this account to the CIM profile the first saved card created.
    const db = shopDb();
    const shopper = db.prepare('SELECT s.* FROM shoppers s JOIN orders o ON o.shopper_id = s.id WHERE o.id = ?').get(orderIdOf(page)) as Record<string, unknown>;
    db.close();
    expect(shopper.customer_profile_id).toBe(order.customer_profile_id);

    // Next time the card is in the wallet, preselected.
    await addToCart(page, 'Paper Filters ×100');
    const again = await openCheckout(page);
    await expect(again.locator(`input[name="card"][value="${order.payment_profile_id}"]`).isChecked()).resolves.toBe(true);
    await expect(again.locator('body').textContent()).resolves.toContain('1111');
    // The shop's page never sent it a card number: only IDs, form fields and the token.
    expect(shopRequests.join('\n')).not.toContain(VISA);
    await page.context().close();
  });

  for (const width of [375, 1280]) {
    it(`at ${width} px the page is no wider than the screen and the default card shows its last four`, async () => {
      const page = await newShopperPage(browser, demo.shopUrl, 'returning', { width, height: 900 });
      await addToCart(page, 'Stoneware Mug');
      const frame = await openCheckout(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const box = (await page.locator('cim-checkout').boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      // Every saved card's last four are on screen: inside its title, its row and the frame, clear of
      // the badge, and what the browser hits at each digit's centre is the last-four text itself.
      const cards = await frame.locator('.choice').evaluateAll((rows) =>
        rows.filter((r) => r.querySelector('.last4')).map((r) => {
          const last4 = r.querySelector('.last4')!;
          const [digits, title, row, badge] = [last4, r.querySelector('.choice-title')!, r, r.querySelector('.badge')].map((e) => e?.getBoundingClientRect());
          const within = (inner: DOMRect, outer: DOMRect) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
          const range = document.createRange();
          const text = [...last4.childNodes].find((n) => n.nodeType === Node.TEXT_NODE)!;
          const hits = [...text.textContent!].map((_, i) => {
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            const box = range.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return last4.contains(hit) && within(box, title!);
          });
          return {
            text: last4.textContent,
            visible: digits!.width > 0 && within(digits!, title!) && within(digits!, row!) && digits!.right <= innerWidth && hits.every(Boolean),
            clearOfBadge: !badge || digits!.right <= badge.left,
          };
        }),
      );
      expect(cards.length).toBeGreaterThanOrEqual(2);
      for (const card of cards) expect(card, card.text ?? '').toMatchObject({ visible: true, clearOfBadge: true });
      await expect(frame.locator('input[name="card"]:checked').locator('xpath=..').locator('.last4').textContent()).resolves.toBe('1111');
      await page.screenshot({ path: join(tmpdir(), `cim-demo-checkout-${width}.png`) });
      await page.context().close();
    });
  }

  // The session's layout hint, end to end: CIM answers it, the shop puts it on the element, the
  // loader's skeleton draws it; the form that replaces the skeleton is as tall and nothing moves.
  for (const width of [375, 1280]) {
    for (const [who, open] of [['new', openCheckout], ['returning', openCheckout], ['returning', openPaymentMethods]] as const) {
      it(`at ${width} px, ${open === openCheckout ? `a ${who} shopper's checkout` : 'payment methods (vault)'}: the loading skeleton is the form's height; layout shift ≤ 0.01`, async () => {
        const page = await newShopperPage(browser, demo.shopUrl, who, { width, height: 900 });
        await page.addInitScript(() => {
          const seen = { skeleton: 0, shift: 0, log: [] as string[] };
          (window as unknown as { layoutSeen: typeof seen }).layoutSeen = seen;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Array<{ node?: Element; previousRect: DOMRect; currentRect: DOMRect }> }>) {
              if (!entry.hadRecentInput) seen.shift += entry.value;
              // When, how much and what moved (from → to), for the failure message.
              seen.log.push(`${entry.startTime.toFixed(0)} ms ${entry.value.toFixed(4)} ${entry.sources.map((x) => `${x.node?.nodeName}.${x.node?.className} ${JSON.stringify([x.previousRect.y, x.previousRect.height, x.currentRect.y, x.currentRect.height])}`).join(' ; ')}`);
            }
          }).observe({ type: 'layout-shift', buffered: true });
          // The loader (a module script) has upgraded the element by now; the frame is still loading.
          document.addEventListener('DOMContentLoaded', () => {
            seen.log.push(`${performance.now().toFixed(0)} DOMContentLoaded`);
            document.addEventListener('cim-ready', () => seen.log.push(`${performance.now().toFixed(0)} cim-ready`));
            seen.skeleton = document.querySelector('cim-checkout')?.shadowRoot?.querySelector('.skeleton')?.getBoundingClientRect().height ?? -1;
          });
        });
        if (open === openCheckout) await addToCart(page, 'Stoneware Mug');
        await open(page);
        const layout = await page.locator('cim-checkout').getAttribute('layout');
        expect(layout).toMatch(who === 'new' ? /^checkout new-card shipping new-address$/ : open === openCheckout ? /^checkout cards=\d+ shipping addresses=\d+$/ : /^vault cards=\d+ addresses=\d+$/);
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)))));
        const seen = await page.evaluate(() => ({
          ...(window as unknown as { layoutSeen: { skeleton: number; shift: number; log: string[] } }).layoutSeen,
          frame: document.querySelector('cim-checkout')!.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().height,
        }));
        console.log(`[layout] demo ${width}px ${layout}: skeleton ${seen.skeleton.toFixed(1)} frame ${seen.frame.toFixed(1)} CLS ${seen.shift.toFixed(5)}`);
        expect(seen.skeleton).toBeGreaterThan(200);
        expect(Math.abs(seen.skeleton - seen.frame)).toBeLessThanOrEqual(2);
        expect(seen.shift, seen.log.join('\n')).toBeLessThanOrEqual(0.01);
        await page.context().close();
      });
    }
  }

  it('a returning shopper pays with a saved card and a saved address', async () => {
    const page = await newShopperPage(browser, demo.shopUrl, 'returning');
    await addToCart(page, 'Ceramic Pour-over Dripper');
    const frame = await openCheckout(page);
    // Ada's second card (Mastercard) and second address (work), both seeded through the REST API.
    const mastercard = frame.locator('label:has-text("Mastercard") input[name="card"]');
    const work = frame.locator('label:has-text("Babbage") input[name="address"]');
    await mastercard.check();
    await work.check();
    const [cardId, addressId] = [await mastercard.getAttribute('value'), await work.getAttribute('value')];
    await pay(page);
    await page.waitForURL(/\/orders\/\d+$/);

    await expect(page.getByTestId('order-card').textContent()).resolves.toBe('Mastercard •••• 0015');
    await expect(page.getByTestId('ship-to').textContent()).resolves.toContain('500 Babbage Ave, Suite 3');
    expect(orderRow(orderIdOf(page))).toMatchObject({ status: 'approved', amount: '28.00', payment_profile_id: cardId, shipping_address_id: addressId });
    await page.goto(`${demo.shopUrl}/orders`);
    await expect.poll(() => page.locator('table.orders tbody tr').first().textContent(), { timeout: 10_000 }).toContain('Paid');
    await page.context().close();
  });

  it('a declined card is not kept: the form asks for another card (number and code empty, the rest kept), and the approved one becomes the default', async () => {
    const page = await newShopperPage(browser, demo.shopUrl, 'new');
    await addToCart(page, 'Ethiopia Guji, 250 g');
    const frame = await openCheckout(page);
    await fillNewCard(frame, { name: 'Grace Hopper', number: DECLINE_INSUFFICIENT_FUNDS, expiry: '0931', cvc: '321', postal: '10001' });
    await fillNewAddress(frame, { name: 'Grace Hopper', line1: '1 Compiler Way', city: 'Arlington', state: 'VA', postal: '22201' });
    const session = await sessionAttr(page);
    await pay(page);

    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('Your card was declined: This transaction has been declined.');
    expect(page.url()).toMatch(/\/checkout$/);
    // A fresh session for the next attempt, handed to the same form.
    await page.waitForFunction((old) => document.querySelector('cim-checkout')?.getAttribute('session') !== old, session);
    await expect.poll(() => frame.locator('.notice.error').textContent(), { timeout: 10_000 }).toContain('Your card was declined. Try another card.');
    await expect(frame.locator('#number').inputValue()).resolves.toBe('');
    await expect(frame.locator('#cvc').inputValue()).resolves.toBe('');
    await expect(frame.locator('#name').inputValue()).resolves.toBe('Grace Hopper');
    await expect(frame.locator('#expiry').inputValue()).resolves.toBe('09 / 31');
    await expect(frame.locator('#postal').inputValue()).resolves.toBe('10001');

    // CIM kept nothing of the declined card: not in the vault, not in the shopper's wallet.
    const declined = orderRow(Number((shopDb().prepare('SELECT max(id) AS id FROM orders').get() as { id: number }).id));
    expect(declined).toMatchObject({ status: 'declined', card_last4: '9995' });
    const customerId = declined.customer_profile_id as string;
    expect(await cimStatus(`/v1/customers/${customerId}/payment-profiles/${declined.payment_profile_id}`)).toBe(404);
    await expect(frame.locator('body').textContent()).resolves.not.toContain('9995');

    // Another card, typed where the shopper left off: approved, and now her default card.
    await frame.locator('#number').pressSequentially(VISA);
    await frame.locator('#cvc').pressSequentially('123');
    await pay(page);
    await page.waitForURL(/\/orders\/\d+$/);
    const approved = orderRow(orderIdOf(page));
    expect(approved).toMatchObject({ status: 'approved', card_last4: '1111', customer_profile_id: customerId });
    const profile = await cim<{ isDefault: boolean }>('GET', `/v1/customers/${customerId}/payment-profiles/${approved.payment_profile_id}`);
    expect(profile.isDefault).toBe(true);
    const customer = await cim<{ paymentProfiles: Array<{ card?: { last4: string } }> }>('GET', `/v1/customers/${customerId}`);
    expect(customer.paymentProfiles.map((p) => p.card?.last4)).toEqual(['1111']);

    // The next checkout offers only the approved card, preselected.
    await addToCart(page, 'Paper Filters ×100');
    const again = await openCheckout(page);
    await expect(again.locator(`input[name="card"][value="${approved.payment_profile_id}"]`).isChecked()).resolves.toBe(true);
    await expect(again.locator('input[name="card"]:not([value="new"])').count()).resolves.toBe(1);
    await expect(again.locator('body').textContent()).resolves.not.toContain('9995');
    await page.goto(`${demo.shopUrl}/orders`);
    await expect.poll(() => page.locator('table.orders').textContent(), { timeout: 10_000 }).toContain('Declined');
    await page.context().close();
  });

  it('the back office asks for its own sign-in, then bills the stored profile a different amount each month, no shopper present', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${demo.shopUrl}/billing`);
    expect(page.url()).toBe(`${demo.shopUrl}/back-office/signin`);
    const password = /back office \(.*\/billing\) password: (\S+)/.exec(demo.output())![1]!;
    await page.getByLabel('Back-office password').fill('not-it');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not the back-office password');
    const charged = await fetch(`${demo.shopUrl}/billing/charge`, { method: 'POST', body: new URLSearchParams({ shopperId: 'ada' }), redirect: 'manual' });
    expect(charged.headers.get('location')).toBe('/back-office/signin');
    await page.getByLabel('Back-office password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${demo.shopUrl}/billing`);
    const ada = page.locator('tr', { hasText: 'Ada Lovelace' });
    await expect(ada.textContent()).resolves.toContain('Visa •••• 1111');
    const amounts: string[] = [];
    let shown: string | null = null;
    for (let month = 0; month < 2; month++) {
      await page.locator('tr', { hasText: 'Ada Lovelace' }).getByRole('button', { name: "Bill this month's usage" }).click();
      // The second month's URL until its redirect lands is the first month's ?result=…, which matches too: wait for a new order.
      await page.waitForURL((url) => /\/billing\?result=\d+$/.test(url.href) && url.searchParams.get('result') !== shown);
      shown = new URL(page.url()).searchParams.get('result');
      await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toContain('Billed');
      const order = orderRow(Number(new URL(page.url()).searchParams.get('result')));
      expect(order).toMatchObject({ kind: 'usage', status: 'approved', shopper_id: 'ada' });
      amounts.push(order.amount as string);
    }
    expect(amounts[0]).not.toBe(amounts[1]);
    await page.context().close();
  });

  it('"Payment methods" removes a saved card only once the shopper confirms: gone from the frame, the reloaded page and CIM', async () => {
    // A shopper of her own with two cards, so Ada's wallet stays as the other tests expect it.
    const page = await newShopperPage(browser, demo.shopUrl, 'new');
    const customer = await cim<{ id: string }>('POST', '/v1/customers', { merchantCustomerId: await signedInShopperId(page), description: 'Wallet removal test' });
    const billTo = { firstName: 'Grace', lastName: 'Hopper', zip: '10001', country: 'US' };
    const visa = await cim<{ id: string }>('POST', `/v1/customers/${customer.id}/payment-profiles`, { card: { number: SEEDED[0], expMonth: 12, expYear: 2031 }, billTo, isDefault: true });
    const mastercard = await cim<{ id: string }>('POST', `/v1/customers/${customer.id}/payment-profiles`, { card: { number: SEEDED[1], expMonth: 8, expYear: 2030 }, billTo });
    const storedCardIds = async () => (await cim<{ paymentProfiles: Array<{ id: string }> }>('GET', `/v1/customers/${customer.id}`)).paymentProfiles.map((p) => p.id).sort();
    const bothCards = [visa.id, mastercard.id].sort();
    const deletes: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'DELETE') deletes.push(r.url());
    });

    let frame = await openPaymentMethods(page);
    await expect.poll(async () => (await listedCardIds(frame)).sort()).toEqual(bothCards);

    // Escape, then "Keep": the question closes, the card stays, and the frame never asked CIM to delete.
    const item = 'Visa ending in 1111';
    let question = await askToRemove(frame, item);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    question = await askToRemove(frame, item);
    await question.getByRole('button', { name: 'Keep', exact: true }).click();
    await question.waitFor({ state: 'detached' });
    expect((await listedCardIds(frame)).sort()).toEqual(bothCards);
    expect(deletes).toEqual([]);
    expect(await storedCardIds()).toEqual(bothCards);

    // "Remove": one DELETE for that card, and the frame lists only the other one.
    question = await askToRemove(frame, item);
    await question.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => listedCardIds(frame), { timeout: 10_000 }).toEqual([mastercard.id]);
    expect(deletes).toEqual([expect.stringMatching(new RegExp(`/widget/api/payment-profiles/${visa.id}$`))]);
    await expect(frame.getByRole('button', { name: `Remove ${item}`, exact: true }).count()).resolves.toBe(0);
    await expect(frame.getByRole('button', { name: 'Remove Mastercard ending in 0015', exact: true }).count()).resolves.toBe(1);

    // A fresh vault session after a reload lists what CIM holds, and CIM holds only the Mastercard.
    const ready = nextReady(page);
    await page.reload();
    await ready;
    frame = checkoutFrame(page);
    expect(await listedCardIds(frame)).toEqual([mastercard.id]);
    expect(await storedCardIds()).toEqual([mastercard.id]);
    expect(await cimStatus(`/v1/customers/${customer.id}/payment-profiles/${visa.id}`)).toBe(404);
    await page.context().close();
  });

  it('past the session\'s end the page renews it by itself, the typed card is still there, and paying with it goes through', async () => {
    const { page, openedAt, session, events } = idle;
    const left = openedAt + (SESSION_TTL_SECONDS + 2) * 1000 - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    // The frame's timer fires at the session's end and the page then asks its server for a new session:
    // on a loaded machine that can take longer than the 2 s above, so wait for each step.
    await expect.poll(() => events.map((e) => e.name), { timeout: 30_000 }).toEqual(expect.arrayContaining(['cim-session-expiring', 'cim-session-expired']));
    const expired = events.findLast((e) => e.name === 'cim-session-expired')!.session;
    // The page asked the shop's server for a new session and handed it to the same element and frame.
    await expect.poll(() => sessionAttr(page), { timeout: 30_000 }).not.toBe(expired);
    const renewed = await sessionAttr(page);
    expect(renewed).not.toBe(session);
    // The frame pays with the new session only once it has read its wallet; a session this short
    // (60 s) warns at once, so its cim-session-expiring says the frame is using it. Paying before
    // that would be refused as session_expired.
    await expect.poll(() => events.some((e) => e.name === 'cim-session-expiring' && e.session === renewed), { timeout: 30_000 }).toBe(true);
    const frame = checkoutFrame(page);
    await expect(frame.locator('#number').inputValue()).resolves.toBe('5555 5555 5555 4444');
    await expect(frame.locator('#name').inputValue()).resolves.toBe('Ada Lovelace');
    await pay(page);
    await page.waitForURL(/\/orders\/\d+$/);
    expect(orderRow(orderIdOf(page))).toMatchObject({ status: 'approved', amount: '14.00', card_brand: 'mastercard', card_last4: '4444' });
  }, 120_000);
});

describe('stopping and starting again', () => {
  it('Ctrl-C stops both servers; nothing they printed or stored holds a card number', async () => {
    await demo.interrupt();
    expect(demo.output()).toContain('[start] Stopped CIM and the shop.');
    for (const url of [demo.cimUrl, demo.shopUrl]) await expect(fetch(url)).rejects.toThrow();

    const cards = [VISA, DECLINE_INSUFFICIENT_FUNDS, IDLE_CARD.number, ...SEEDED];
    const spaced = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1 ');
    const printed = demo.output();
    for (const card of cards) {
      expect(printed).not.toContain(card);
      expect(printed).not.toContain(spaced(card));
    }
    const shopFiles = readdirSync(demo.dataDir).filter((f) => f.startsWith('demo.db'));
    expect(shopFiles).toContain('demo.db');
    for (const file of shopFiles) {
      const bytes = readFileSync(join(demo.dataDir, file)).toString('latin1');
      for (const card of cards) expect(bytes).not.toContain(card);
    }
  });

  it('a second start reuses the data: same merchant, same shopper, her orders still there', async () => {
    const keysBefore = readFileSync(join(demo.dataDir, 'demo-merchant.json'), 'utf8');
    const second = await startDemo({ dataDir: demo.dataDir, cimPort: demo.cimPort, shopPort: demo.shopPort });
    try {
      expect(second.output()).not.toContain('Created the demo merchant');
      expect(readFileSync(join(demo.dataDir, 'demo-merchant.json'), 'utf8')).toBe(keysBefore);
      const page = await newShopperPage(browser, second.shopUrl, 'returning');
      await page.goto(`${second.shopUrl}/orders`);
      await expect(page.locator('table.orders tbody tr').count()).resolves.toBeGreaterThanOrEqual(4);
      await page.context().close();
    } finally {
      await second.interrupt();
      expect(second.output()).toContain('[start] Stopped CIM and the shop.');
    }
  }, 180_000);
});
