import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../../../server/src/domain/staff-sessions.ts';
import { closeServer, listenOnFreePort } from '../loopback.ts';
import { axeViolations, CHOSEN_PASSWORD, openConsole, signIn, signInFirstTime, type ConsoleServer } from './console-server.ts';
import { consoleInChromium } from './console-browser.ts';

const env = consoleInChromium();
let cim: ConsoleServer;
let browser: Browser;
beforeAll(() => {
  ({ cim, browser } = env);
});

/**
 * Holds back the answer to the request `hold` picks (one) until `release()`, which resolves once that
 * answer has reached the page and two frames have passed: an earlier answer made to arrive after a later one.
 */
async function holdAnswer(page: Page, pattern: string, hold: (url: URL) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let caught!: (url: string) => void;
  const held = new Promise<string>((resolve) => (caught = resolve));
  await page.route(pattern, async (route) => {
    if (!hold(new URL(route.request().url()))) return route.continue();
    caught(route.request().url());
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  return {
    /** Resolves once the page has asked (and the answer is being held). */
    held,
    release: async () => {
      const url = await held;
      const delivered = page.waitForEvent('requestfinished', { predicate: (r) => r.url() === url });
      release();
      await delivered;
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    },
  };
}

const refundsOf = async (transactionId: string) => (await cim.rest<{ refundedAmount: string }>('GET', `/transactions/${transactionId}`)).refundedAmount;

describe('merchant console in Chromium', () => {
  it('serves the page with a strict CSP and no violations; sign-in works from the keyboard; axe is clean', async () => {
    const res = await fetch(`${cim.cimOrigin}/console`);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    const op = await cim.staff('operator');
    const { page, context, cspViolations } = await openConsole(browser, cim.cimOrigin);
    await page.getByRole('heading', { name: 'Sign in to the CIM console' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await signIn(page, op.email, 'wrong password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong email or password.');

    // Keyboard only: focus the email field, type, Tab to the password, Enter submits.
    await page.getByLabel('Email').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(op.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(op.password);
    await page.keyboard.press('Enter');
    // The one-time password only lets them choose their own, also from the keyboard.
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Choose your password');
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(async () => (await fetch('/console/api/customers?q=1')).status)).toBe(403);
    await page.keyboard.press('Tab');
    await page.keyboard.type(op.password);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CHOSEN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Your password is saved.' }).waitFor();
    expect(await page.getByText(`Signed in as ${op.email} (operator)`).count()).toBe(1);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'cim_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    await context.close();
  });

  it('locks an account after 10 wrong passwords: the right one is refused too', async () => {
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    for (let i = 1; i <= MAX_FAILED_SIGN_INS; i++) {
      await signIn(page, viewer.email, `guess-${i}`);
      await page.getByRole('alert').waitFor();
    }
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/locked for 15 minutes/);
    await signIn(page, viewer.email, viewer.password);
    await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent?.includes('locked'));
    expect(await page.getByRole('heading', { name: 'Customers' }).count()).toBe(0);
    await context.close();
  });

  it('finds a customer by id, merchantCustomerId and email and shows only masked card data; axe is clean', async () => {
    const shopper = await cim.shopper();
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, viewer);
    for (const q of [shopper.customerId, shopper.merchantCustomerId, shopper.email]) {
      await page.getByLabel('Customer profile id, merchant customer id or email').fill(q);
      await page.getByRole('button', { name: 'Search' }).click();
      // This search's results, not the previous one's (still shown until the new hash is handled):
      // the table's caption names the query, and the status is announced before the table renders.
      const results = page.getByRole('table', { name: `Customers matching “${q}”`, exact: true });
      await results.getByRole('link', { name: shopper.customerId, exact: true }).waitFor();
      expect(await page.getByRole('status').textContent()).toBe('1 customer found.');
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: shopper.customerId, exact: true }).click();
    await page.getByRole('heading', { name: `Customer ${shopper.customerId}`, exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Visa ending in 1111' }).waitFor();
    expect(await page.getByText('Visa •••• 1111').count()).toBe(2); // the stored card, and the card of its charge
    await page.getByRole('rowheader', { name: shopper.transactionId }).waitFor();
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toContain('4111111111111111');
    expect(text).toContain('42.00 USD');
    expect(text).toContain('1 Navy Way');
    // A viewer is shown no money-moving buttons.
    expect(await page.getByRole('button', { name: /Refund transaction/ }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // The shopper's card expires next month, so the expiring-cards page lists it, with a link back.
    await page.getByRole('link', { name: 'Expiring cards' }).click();
    await page.getByRole('heading', { name: /Cards expiring next month \(/ }).waitFor();
    const row = page.locator('tr', { has: page.getByRole('link', { name: shopper.customerId, exact: true }) });
    expect(await row.getByRole('rowheader').textContent()).toContain('Visa ending in 1111');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('lets an operator refund part of a charge; the audit log shows it and filters', async () => {
    const shopper = await cim.shopper();
    const op = await cim.staff('operator');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, op);
    await page.goto(`${cim.cimOrigin}/console#/customers/${shopper.customerId}`);
    await page.getByRole('button', { name: `Refund transaction ${shopper.transactionId}` }).click();
    const amount = page.getByLabel(/Amount \(USD\)/);
    expect(await amount.evaluate((el) => el === document.activeElement)).toBe(true);
    await amount.fill('12.50');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Refunded 12.50 USD of transaction ${shopper.transactionId}.` }).waitFor();
    expect(await refundsOf(shopper.transactionId)).toBe('12.50');
    await page.getByRole('cell', { name: '12.50 USD' }).first().waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action', { exact: true }).fill('staff.transaction.refund');
    await page.getByLabel('Outcome').selectOption('success');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(() => location.hash.includes('action=staff.transaction.refund'));
    // The unfiltered entries stay on screen until the filtered answer arrives: wait until every row
    // listed is a refund (the unfiltered list also holds the sign-in and password entries), then count.
    await page.waitForFunction(() => {
      const actions = [...document.querySelectorAll('table.audit tbody tr td:nth-child(3)')].map((td) => td.textContent);
      return actions.length > 0 && actions.every((action) => action === 'staff.transaction.refund');
    });
    const rows = page.locator('table.audit tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`staff:${op.email}`);
    expect(await rows.first().textContent()).toContain(shopper.transactionId);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('lists the answer to the latest search, even when an earlier search answers after it', async () => {
    const [first, second] = [await cim.shopper(), await cim.shopper()];
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, viewer);
    const earlier = await holdAnswer(page, '**/console/api/customers?**', (url) => url.searchParams.get('q') === first.email);
    const search = async (q: string) => {
      await page.getByLabel('Customer profile id, merchant customer id or email').fill(q);
      await page.getByRole('button', { name: 'Search' }).click();
    };
    await search(first.email);
    await earlier.held;
    await search(second.email);
    await page.getByRole('table', { name: `Customers matching “${second.email}”`, exact: true }).getByRole('link', { name: second.customerId, exact: true }).waitFor();
    await earlier.release();
    expect(await page.locator('table tbody th a').allTextContents()).toEqual([second.customerId]);
    expect(await page.getByRole('status').textContent()).toBe('1 customer found.');
    await context.close();
  });

  it('shows the customer the page now names, even when the one shown before answers after it (back and forward)', async () => {
    const [first, second] = [await cim.shopper(), await cim.shopper()];
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, viewer);
    const earlier = await holdAnswer(page, `**/console/api/customers/${first.customerId}`, () => true);
    await page.goto(`${cim.cimOrigin}/console#/customers/${first.customerId}`);
    await earlier.held;
    await page.goto(`${cim.cimOrigin}/console#/customers/${second.customerId}`);
    await page.getByRole('rowheader', { name: second.transactionId, exact: true }).waitFor();
    await earlier.release();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Customer ${second.customerId}`);
    expect(await page.getByRole('rowheader', { name: first.transactionId, exact: true }).count()).toBe(0);
    await context.close();
  });

  it('lists the answer to the latest audit filter, even when the unfiltered list answers after it', async () => {
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, viewer);
    // The unfiltered list, asked for on arrival, holds the viewer's sign-in as well as the password change.
    const unfiltered = await holdAnswer(page, '**/console/api/audit**', (url) => !url.searchParams.has('actor'));
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await unfiltered.held;
    await page.getByLabel('Actor', { exact: true }).fill(`staff:${viewer.email}`);
    await page.getByLabel('Action', { exact: true }).fill('staff.password_change');
    await page.getByRole('button', { name: 'Filter' }).click();
    // Nothing was listed before the filtered answer: the unfiltered one is held.
    const actions = page.locator('table.audit tbody tr td:nth-child(3)');
    await actions.first().waitFor();
    expect(await actions.allTextContents()).toEqual(['staff.password_change']);
    await unfiltered.release();
    expect(await actions.allTextContents()).toEqual(['staff.password_change']);
    expect(await page.getByRole('status').textContent()).toBe('1 audit entries shown.');
    await context.close();
  });

  it("refuses a viewer's forged refund on the server and audits it", async () => {
    const shopper = await cim.shopper();
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, viewer);
    // What a viewer who edits the page could send: a well-formed request with a valid CSRF token.
    const answer = await page.evaluate(async (id) => {
      const session = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const res = await fetch(`/console/api/transactions/${id}/refund`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-CSRF-Token': session.csrfToken }, body: JSON.stringify({ amount: '42.00' }) });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    }, shopper.transactionId);
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await refundsOf(shopper.transactionId)).toBe('0.00');
    const audit = await cim.deps.store.audit.search(cim.merchant.id, { actor: `staff:${viewer.email}`, action: 'staff.transaction.refund' }, 5);
    expect(audit.map((e) => [e.outcome, e.recordId])).toEqual([['failure', shopper.transactionId]]);
    // The admin page is not in the viewer's navigation and its API refuses them as well.
    expect(await page.getByRole('link', { name: 'Origins and keys' }).count()).toBe(0);
    expect(await page.evaluate(async () => (await fetch('/console/api/settings')).status)).toBe(403);
    await context.close();
  });

  it('refuses changes without the CSRF token, and a cross-site page cannot ride the session', async () => {
    const shopper = await cim.shopper();
    const admin = await cim.staff('admin');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, admin);
    const noToken = await page.evaluate(async (id) => (await fetch(`/console/api/transactions/${id}/refund`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":"1.00"}' })).status, shopper.transactionId);
    expect(noToken).toBe(403);

    // An attacker's page on another origin, in the same browser as the signed-in admin.
    const evil = await listenOnFreePort((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html lang="en"><body>
        <form id="f" method="POST" action="${cim.cimOrigin}/console/api/transactions/${shopper.transactionId}/refund" enctype="text/plain">
        <input name='{"amount":"42.00","x":"' value='"}'></form>
        <script>
          fetch('${cim.cimOrigin}/console/api/transactions/${shopper.transactionId}/refund', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"amount":"42.00"}' })
            .finally(() => { document.title = 'sent'; document.getElementById('f').submit(); });
        </script></body></html>`);
    });
    const tab = await context.newPage();
    await tab.goto(`http://localhost:${evil.port}/`);
    await tab.waitForURL(`${cim.cimOrigin}/**`);
    expect(await refundsOf(shopper.transactionId)).toBe('0.00');
    await closeServer(evil.server);
    const refusals = await cim.deps.store.audit.search(cim.merchant.id, { action: 'staff.post', outcome: 'failure' }, 10);
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    await context.close();
  });

  it('lets an admin add and remove an origin and rotate the secret key; change password; sign-out ends the session', async () => {
    const admin = await cim.staff('admin');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, admin);
    await page.getByRole('link', { name: 'Origins and keys' }).click();
    await page.getByRole('heading', { name: 'Origins and keys' }).waitFor();
    await page.getByLabel('Add an origin').fill('https://new.northwind.example');
    await page.getByRole('button', { name: 'Add origin' }).click();
    await page.getByRole('button', { name: 'Remove https://new.northwind.example' }).waitFor();
    expect((await cim.deps.store.merchants.getById(cim.merchant.id))!.allowedOrigins).toContain('https://new.northwind.example');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Remove https://new.northwind.example' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed https://new.northwind.example.' }).waitFor();
    expect((await cim.deps.store.merchants.getById(cim.merchant.id))!.allowedOrigins).not.toContain('https://new.northwind.example');

    await page.getByRole('button', { name: 'Rotate secret key…' }).click();
    await page.getByRole('button', { name: 'Rotate secret key', exact: true }).click();
    const key = (await page.locator('.key output code').textContent())!;
    expect(key).toMatch(/^sk_/);
    const withNew = await fetch(`${cim.cimOrigin}/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
    expect(withNew.status).toBe(200);
    cim.merchant.secretKey = key;

    // Changing one's password later: the current one is asked again.
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Current password').fill(CHOSEN_PASSWORD);
    await page.getByLabel('New password').fill('another quite long passphrase');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your new password is saved.' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the CIM console' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(401);
    await signIn(page, admin.email, 'another quite long passphrase');
    await page.getByText(`Signed in as ${admin.email} (admin)`).waitFor();
    await context.close();
  });
});
