/**
 * The real CIM server (in-process, SQLite in a temp folder, serving the built console) with one
 * shop that has a customer, a stored card and a charge, and a staff member of each role.
 * Requires `pnpm --filter @cim/console build` first (pnpm test does it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StaffRole } from '@cim/shared';
import { createApp } from '../../../server/src/app.ts';
import { createMerchant } from '../../../server/src/domain/merchants.ts';
import { settleNow } from '../../../server/src/domain/settlement.ts';
import { createStaff } from '../../../server/src/domain/staff.ts';
import { makeTestDeps } from '../../../server/src/test-support.ts';
import { closeServer, listenOnFreePort, serveApp } from '../loopback.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../setup/ensure-chromium.ts';

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export async function startConsoleServer() {
  const { server, port } = await listenOnFreePort();
  const cimOrigin = `http://127.0.0.1:${port}`;
  // Webhook receivers in the tests listen on loopback.
  const env = makeTestDeps({ now: new Date(), env: { CIM_PUBLIC_URL: cimOrigin, CIM_CONSOLE_DIST: join(import.meta.dirname, '../../../console/dist'), CIM_WEBHOOKS_ALLOW_PRIVATE: '1' } });
  serveApp(server, createApp(env.deps).fetch);
  const merchant = await createMerchant(env.deps, { name: 'Northwind Coffee', origins: ['https://shop.northwind.example'] });

  async function rest<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${cimOrigin}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${merchant.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} /v1${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  let shoppers = 0;
  /** A customer with a stored Visa (expiring next month unless told) and one approved $42.00 charge. */
  async function shopper(expiry?: { expMonth: number; expYear: number }) {
    const n = ++shoppers;
    const now = env.clock.now();
    const next = expiry ?? { expMonth: ((now.getUTCMonth() + 1) % 12) + 1, expYear: now.getUTCFullYear() + (now.getUTCMonth() === 11 ? 1 : 0) };
    const customer = await rest<{ id: string }>('POST', '/customers', { merchantCustomerId: `user-${n}00${n}`, email: `grace${n}@example.com`, description: 'Coffee club' });
    const profile = await rest<{ id: string }>('POST', `/customers/${customer.id}/payment-profiles`, {
      card: { number: '4111111111111111', ...next, cvc: '123' },
      billTo: { firstName: 'Grace', lastName: 'Hopper', address: '1 Navy Way', city: 'Arlington', state: 'VA', zip: '22202', country: 'US' },
      isDefault: true,
    });
    await rest('POST', `/customers/${customer.id}/shipping-addresses`, { firstName: 'Grace', lastName: 'Hopper', address: '1 Navy Way', city: 'Arlington', state: 'VA', zip: '22202', country: 'US' });
    const charge = await rest<{ id: string; status: string }>('POST', '/transactions', { type: 'authCapture', amount: '42.00', customerProfileId: customer.id, paymentProfileId: profile.id, duplicateWindowSeconds: 0 });
    // A settled charge, as it is the day after: refunds apply to settled captures.
    await settleNow(env.deps.store, merchant.id, env.clock.now());
    return { customerId: customer.id, paymentProfileId: profile.id, transactionId: charge.id, email: `grace${n}@example.com`, merchantCustomerId: `user-${n}00${n}` };
  }

  let staffSerial = 0;
  const staff = (role: StaffRole) => createStaff(env.deps, { merchantId: merchant.id, email: `${role}${++staffSerial}@northwind.example`, role });

  return {
    cimOrigin, merchant, deps: env.deps, rest, shopper, staff,
    close: async () => {
      await closeServer(server);
      await env.cleanup();
    },
  };
}

export type ConsoleServer = Awaited<ReturnType<typeof startConsoleServer>>;

/** Opens the console and records every CSP violation the page reports. */
export async function openConsole(browser: Browser, cimOrigin: string, options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, deviceScaleFactor: options.deviceScaleFactor ?? 1, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${cimOrigin}/console`);
  return { context, page, cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const CHOSEN_PASSWORD = 'a long and memorable passphrase';

/** First sign-in of a new staff member: the one-time password, then their own; ends on the Customers page. */
export async function signInFirstTime(page: Page, staff: { email: string; password: string }) {
  await signIn(page, staff.email, staff.password);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await page.getByLabel('One-time password').fill(staff.password);
  await page.getByLabel('New password').fill(CHOSEN_PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.x A/AA rules on the page as it is; returns the violations' ids and targets. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
