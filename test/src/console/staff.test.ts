import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, CHOSEN_PASSWORD, openConsole, signIn, signInFirstTime, type ConsoleServer } from './console-server.ts';
import { consoleInChromium } from './console-browser.ts';

const env = consoleInChromium();
let cim: ConsoleServer;
let browser: Browser;
beforeAll(() => {
  ({ cim, browser } = env);
});

describe('console staff page in Chromium', () => {
  it('lets an admin create an account (one-time password shown once), change its role and remove it; axe is clean', async () => {
    const admin = await cim.staff('admin');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, admin);
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    await page.getByRole('cell', { name: admin.email, exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Email').fill('barista@northwind.example');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create account' }).click();
    const password = (await page.locator('.key output code').textContent())!;
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    await page.getByRole('cell', { name: 'barista@northwind.example', exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const hire = (await cim.deps.store.staff.getByEmail('barista@northwind.example'))!;
    expect(hire.role).toBe('viewer');

    await page.getByLabel('Role of barista@northwind.example').selectOption('operator');
    await page.getByRole('status').filter({ hasText: 'barista@northwind.example is now operator.' }).waitFor();
    expect((await cim.deps.store.staff.get(cim.merchant.id, hire.id))!.role).toBe('operator');

    // The new account signs in with the one-time password in another browser.
    const other = await openConsole(browser, cim.cimOrigin);
    await signIn(other.page, hire.email, password);
    await other.page.getByRole('heading', { name: 'Choose your password' }).waitFor();

    await page.getByRole('button', { name: 'Remove barista@northwind.example…' }).click();
    await page.getByRole('button', { name: 'Remove barista@northwind.example', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Removed barista@northwind.example' }).waitFor();
    expect(await cim.deps.store.staff.get(cim.merchant.id, hire.id)).toBeNull();
    // Removed means signed out everywhere.
    expect(await other.page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(401);
    const audit = await cim.deps.store.audit.search(cim.merchant.id, { actor: `staff:${admin.email}`, action: 'staff.staff.' }, 20);
    expect(audit.map((e) => `${e.action} ${e.outcome}`)).toEqual(expect.arrayContaining(['staff.staff.create success', 'staff.staff.role success', 'staff.staff.remove success']));
    await other.context.close();
    await context.close();
  });

  it("hides the page from an operator and refuses the operator's forged request on the server, audited", async () => {
    const target = await cim.staff('viewer');
    const operator = await cim.staff('operator');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, operator);
    expect(await page.getByRole('link', { name: 'Staff' }).count()).toBe(0);
    const answer = await page.evaluate(async (id) => {
      const session = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const res = await fetch(`/console/api/staff/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'X-CSRF-Token': session.csrfToken }, body: JSON.stringify({ role: 'admin' }) });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    }, target.id);
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await cim.deps.store.staff.get(cim.merchant.id, target.id))!.role).toBe('viewer');
    const audit = await cim.deps.store.audit.search(cim.merchant.id, { actor: `staff:${operator.email}`, action: 'staff.staff.role' }, 5);
    expect(audit.map((e) => [e.outcome, e.recordId])).toEqual([['failure', target.id]]);
    await context.close();
  });

  it('lets an admin disable an account (its open console drops to the sign-in page, its password answers as a wrong one) and enable it again; axe is clean', async () => {
    const admin = await cim.staff('admin');
    const operator = await cim.staff('operator');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, admin);
    const other = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(other.page, operator);

    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: operator.email, exact: true }) });
    await row.getByRole('cell', { name: 'active', exact: true }).waitFor();
    // No Disable on the admin's own row.
    expect(await page.getByRole('button', { name: `Disable ${admin.email}`, exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: `Disable ${operator.email}`, exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Disabled ${operator.email}; they are signed out everywhere` }).waitFor();
    await row.getByRole('cell', { name: 'disabled', exact: true }).waitFor();
    await page.getByRole('button', { name: `Enable ${operator.email}`, exact: true }).waitFor();
    // The role is kept, and shown.
    expect(await page.getByLabel(`Role of ${operator.email}`).inputValue()).toBe('operator');
    expect(await axeViolations(page)).toEqual([]);
    const record = (await cim.deps.store.staff.getByEmail(operator.email))!;
    expect(record).toMatchObject({ role: 'operator', disabledAt: expect.any(String) });

    // The operator's open console: its next request is refused and the sign-in form comes back.
    await other.page.getByLabel('Customer profile id, merchant customer id or email').fill('grace');
    await other.page.getByRole('button', { name: 'Search' }).click();
    await other.page.getByRole('heading', { name: 'Sign in to the CIM console' }).waitFor();
    expect(await axeViolations(other.page)).toEqual([]);
    // Their own password answers exactly as a wrong one.
    const errorFor = async (password: string) => {
      await signIn(other.page, operator.email, password);
      const alert = other.page.getByRole('alert');
      await alert.waitFor();
      const text = await alert.textContent();
      await other.page.getByLabel('Password', { exact: true }).fill('');
      return text;
    };
    expect(await errorFor(CHOSEN_PASSWORD)).toBe('Wrong email or password.');
    expect(await errorFor('not my password at all')).toBe('Wrong email or password.');

    await page.getByRole('button', { name: `Enable ${operator.email}`, exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Enabled ${operator.email}; they can sign in again as operator.` }).waitFor();
    await row.getByRole('cell', { name: 'active', exact: true }).waitFor();
    await signIn(other.page, operator.email, CHOSEN_PASSWORD);
    await other.page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();

    const audit = await cim.deps.store.audit.search(cim.merchant.id, { recordId: record.id }, 50);
    expect(audit.map((e) => `${e.actor} ${e.action} ${e.outcome}`)).toEqual(
      expect.arrayContaining([
        `staff:${admin.email} staff.staff.disable success`,
        `staff:${admin.email} staff_account.disable success`,
        `staff:${admin.email} staff.staff.enable success`,
        `staff:${admin.email} staff_account.enable success`,
        `staff:${operator.email} staff.sign_in failure`,
      ]),
    );
    await other.context.close();
    await context.close();
  });
});
