import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openConsole, signIn, signInFirstTime, type ConsoleServer } from './console-server.ts';
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
});
