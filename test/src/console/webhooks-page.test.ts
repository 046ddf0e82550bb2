import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../../server/src/webhooks/test-receiver.ts';
import { deliverDueOnce } from '../../../server/src/webhooks/worker.ts';
import { axeViolations, launchChromium, openConsole, signInFirstTime, startConsoleServer, type ConsoleServer } from './console-server.ts';

let cim: ConsoleServer;
let browser: Browser;
let receiver: Receiver;
beforeAll(async () => {
  cim = await startConsoleServer();
  browser = await launchChromium();
  receiver = await startReceiver();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await cim?.close();
});

describe('webhooks page in Chromium', () => {
  it('lets an admin add an endpoint (secret shown once), see its deliveries, redeliver, disable and remove it; axe is clean', async () => {
    const admin = await cim.staff('admin');
    const { page, context, cspViolations } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, admin);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('No endpoint: events are kept in the log but sent nowhere.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('URL (https)').fill(receiver.url);
    await page.getByLabel('customer.created').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.locator('.key output code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('row', { name: new RegExp(receiver.url) }).getByText('customer.created').waitFor();

    // An event, delivered by the worker, signed with the secret the page showed.
    await cim.rest('POST', '/customers', { merchantCustomerId: 'hooked-1' });
    expect(await deliverDueOnce(cim.deps)).toBe(1);
    const first = receiver.verify(secret, receiver.received[0]!);
    expect(first.type).toBe('customer.created');

    // Away and back: the page loads the deliveries afresh.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Recent deliveries' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(`customer.created ${first.id}`) });
    await row.getByRole('cell', { name: 'Delivered' }).waitFor();
    await row.getByRole('cell', { name: 'HTTP 200' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Redeliver customer.created ${first.id}` }).first().click();
    await page.getByRole('status').filter({ hasText: `Event ${first.id} will be sent again now.` }).waitFor();
    expect(await deliverDueOnce(cim.deps)).toBe(1);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id]);

    await page.getByRole('button', { name: `Disable ${receiver.url}` }).click();
    await page.getByText('Disabled: Disabled by the merchant.').waitFor();
    expect((await cim.deps.store.webhooks.listEndpoints(cim.merchant.id))[0]!.enabled).toBe(false);
    await page.getByRole('button', { name: `Remove ${receiver.url}` }).click();
    await page.getByText('No endpoint: events are kept in the log but sent nowhere.').waitFor();
    expect(await cim.deps.store.webhooks.listEndpoints(cim.merchant.id)).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    await context.close();
  });

  it('shows a viewer the endpoints without any control, and the API refuses the viewer a change', async () => {
    await cim.rest('POST', '/webhook-endpoints', { url: 'https://hooks.northwind.example/cim' });
    const viewer = await cim.staff('viewer');
    const { page, context } = await openConsole(browser, cim.cimOrigin);
    await signInFirstTime(page, viewer);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('row', { name: /hooks\.northwind\.example/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Add endpoint' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Disable|Remove) / }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    const status = await page.evaluate(async () => {
      const session = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const res = await fetch('/console/api/webhooks/endpoints', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ url: 'https://evil.example/hook' }) });
      return res.status;
    });
    expect(status).toBe(403);
    expect(await cim.deps.store.webhooks.listEndpoints(cim.merchant.id)).toHaveLength(1);
    await context.close();
  });
});
