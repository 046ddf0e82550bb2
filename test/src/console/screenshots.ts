/**
 * README screenshots of the real console (built console/dist, real server, sandbox processor) in
 * Debian's Chromium: docs/screenshots/console-*.png. Build first: `npx -y pnpm@10 --filter @cim/console build`,
 * then `npx -y pnpm@10 exec node test/src/console/screenshots.ts`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startReceiver } from '../../../server/src/webhooks/test-receiver.ts';
import { deliverDueOnce } from '../../../server/src/webhooks/worker.ts';
import { launchChromium, openConsole, signInFirstTime, startConsoleServer } from './console-server.ts';

const OUT = join(import.meta.dirname, '../../../docs/screenshots');
mkdirSync(OUT, { recursive: true });

const cim = await startConsoleServer();
const browser = await launchChromium();
try {
  const shopper = await cim.shopper();
  await cim.shopper();
  const admin = await cim.staff('admin');
  const { page } = await openConsole(browser, cim.cimOrigin, { viewport: { width: 1180, height: 760 }, deviceScaleFactor: 1 });
  const shot = (name: string) => page.screenshot({ path: join(OUT, `console-${name}.png`), fullPage: true });

  await page.getByRole('heading', { name: 'Sign in to the CIM console' }).waitFor();
  await page.getByLabel('Email').fill(admin.email);
  await shot('sign-in');
  await signInFirstTime(page, admin);

  await page.getByLabel('Customer profile id, merchant customer id or email').fill(shopper.email);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: shopper.customerId }).click();
  await page.getByRole('button', { name: `Refund transaction ${shopper.transactionId}` }).click();
  await page.getByLabel(/Amount \(USD\)/).fill('12.50');
  await shot('customer');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Refunded 12.50 USD' }).waitFor();

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.getByLabel('Action', { exact: true }).fill('staff.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.locator('table.audit tbody tr').first().waitFor();
  await shot('audit');

  await page.getByRole('link', { name: 'Expiring cards' }).click();
  await page.getByRole('rowheader', { name: 'Visa ending in 1111' }).first().waitFor();
  await shot('expiring');

  await page.getByRole('link', { name: 'Origins and keys' }).click();
  await page.getByRole('button', { name: /^Remove / }).first().waitFor();
  await shot('settings');

  // Webhooks: one endpoint that answers, one that is gone (410), each with a delivery.
  const ok = await startReceiver(() => 204);
  const gone = await startReceiver(() => 410);
  await cim.rest('POST', '/webhook-endpoints', { url: ok.url, description: 'Order system' });
  await cim.rest('POST', '/webhook-endpoints', { url: gone.url, events: ['transaction.approved', 'transaction.refunded'] });
  await cim.shopper();
  while ((await deliverDueOnce(cim.deps)) > 0);
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { name: 'Recent deliveries' }).waitFor();
  await shot('webhooks');
  await ok.close();
  await gone.close();

  // Staff (admin): a disabled account, and a new account just created, its one-time password shown once.
  const leaver = await cim.staff('viewer');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: `Disable ${leaver.email}`, exact: true }).click();
  await page.getByRole('button', { name: `Enable ${leaver.email}`, exact: true }).waitFor();
  await page.getByLabel('Email').fill('barista@northwind.example');
  await page.getByLabel('Role', { exact: true }).selectOption('operator');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('.key output code').waitFor();
  await shot('staff');
  console.log(`Wrote console-{sign-in,customer,audit,expiring,settings,webhooks,staff}.png to ${OUT}`);
} finally {
  await browser.close();
  await cim.close();
}
