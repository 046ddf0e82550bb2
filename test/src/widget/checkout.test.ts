import { chromium, type Browser, type Page } from 'playwright-core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCimAndShop } from './servers.ts';

const CARD = '4111111111111111';
const CVC = '737';

let env: Awaited<ReturnType<typeof startCimAndShop>>;
let browser: Browser;

beforeAll(async () => {
  env = await startCimAndShop();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** Opens a shop page and records what its JavaScript can see: cim-* events and every message. */
async function open(url: string): Promise<{ page: Page; seen: () => Promise<string[]>; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    // Requests the shop page itself makes (the frame's own go to CIM and are allowed to carry the card).
    if (r.frame() === page.mainFrame()) requests.push(`${r.url()} ${r.postData() ?? ''}`);
  });
  await page.addInitScript(() => {
    const log: string[] = ((window as unknown as { __seen: string[] }).__seen = []);
    addEventListener('message', (e) => log.push(JSON.stringify(e.data)));
    for (const type of ['cim-ready', 'cim-change', 'cim-token', 'cim-error']) addEventListener(type, (e) => log.push(`${type} ${JSON.stringify((e as CustomEvent).detail)}`), true);
  });
  await page.goto(url);
  return { page, requests, seen: () => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen) };
}

const waitFor = (page: Page, type: string) =>
  page.evaluate((t) => new Promise<unknown>((resolve) => {
    const el = document.querySelector('cim-checkout')!;
    el.addEventListener(t, (e) => resolve((e as CustomEvent).detail), { once: true });
  }), type);

describe('<cim-checkout> against the real server, across two origins', () => {
  it('a new shopper saves a card; the token verifies against the JWKS; the page never sees the card', async () => {
    const session = await env.newSession({ collectShipping: false });
    const { page, seen, requests } = await open(env.publish('/new', session));
    await page.waitForFunction(() => (window as unknown as { __seen: string[] }).__seen.some((s) => s.startsWith('cim-ready')));
    const frame = page.frameLocator('cim-checkout >> iframe');
    await frame.locator('#name').fill('Ada Lovelace');
    await frame.locator('#number').pressSequentially(CARD);
    await frame.locator('#expiry').pressSequentially('1230');
    await frame.locator('#cvc').pressSequentially(CVC);
    await frame.locator('#postal').fill('10001');
    const tokenEvent = waitFor(page, 'cim-token');
    await frame.locator('button.pay').click();
    const detail = (await tokenEvent) as { token: string; card: { last4: string } };
    expect(detail.card.last4).toBe('1111');

    const jwks = createRemoteJWKSet(new URL(`${env.cimOrigin}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(detail.token, jwks, { algorithms: ['EdDSA'] });
    expect(payload).toMatchObject({ card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 } });

    const dom = await page.content();
    const visible = [dom, ...(await seen()), ...requests].join('\n');
    expect(visible).not.toContain(CARD);
    expect(visible).not.toContain('4111 1111');
    expect(visible).not.toMatch(new RegExp(`"cvc"|${CVC}`));
    await page.close();
  });

  it('a returning shopper picks a saved card and address', async () => {
    const first = await env.newSession();
    const { page } = await open(env.publish('/first', first));
    const frame = page.frameLocator('cim-checkout >> iframe');
    await frame.locator('#name').fill('Ada Lovelace');
    await frame.locator('#number').pressSequentially('5555555555554444');
    await frame.locator('#expiry').pressSequentially('0829');
    await frame.locator('#cvc').pressSequentially('123');
    await frame.locator('#postal').fill('10001');
    await frame.locator('#ship-name').fill('Ada Lovelace');
    await frame.locator('#ship-line1').fill('1 Main St');
    await frame.locator('#ship-city').fill('New York');
    await frame.locator('#ship-postal').fill('10001');
    const saved = waitFor(page, 'cim-token');
    await frame.locator('button.pay').click();
    await saved;
    await page.close();

    const again = await env.newSession();
    const { page: back } = await open(env.publish('/again', again, 'hide-button'));
    await back.waitForFunction(() => (window as unknown as { __seen: string[] }).__seen.some((s) => s.startsWith('cim-ready')));
    const f = back.frameLocator('cim-checkout >> iframe');
    await expect(f.locator('input[name="card"]:checked').count()).resolves.toBe(1);
    await expect(f.locator('input[name="address"]:checked').count()).resolves.toBe(1);
    const token = await back.evaluate(() => (document.querySelector('cim-checkout') as HTMLElement & { submit(): Promise<string> }).submit());
    expect(token.split('.')).toHaveLength(3);
    await back.close();
  });

  it('a page of an unregistered origin cannot frame the form', async () => {
    const session = await env.newSession();
    const { page, seen } = await open(env.publish('/evil', session, '', 'other'));
    await page.waitForTimeout(1500);
    expect((await seen()).some((s) => s.startsWith('cim-ready'))).toBe(false);
    const frame = page.frames().find((f) => f.url().includes('/widget/frame'));
    const blocked = !frame || (await frame.evaluate(() => document.querySelector('form')).catch(() => null)) === null;
    expect(blocked).toBe(true);
    await page.close();
  });

  it('an expired session yields cim-error', async () => {
    const { page } = await open(env.publish('/expired', 'cs_not_a_real_session'));
    await page.waitForFunction(() => (window as unknown as { __seen: string[] }).__seen.some((s) => s.startsWith('cim-error')));
    expect((await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).find((s) => s.startsWith('cim-error'))).toContain('session_expired');
    await page.close();
  });
});
