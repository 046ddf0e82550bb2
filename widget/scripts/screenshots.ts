/**
 * Screenshots of the real component (built widget, fake widget API) in Debian's Chromium:
 * docs/screenshots/widget-new-card.png, widget-wallet.png and widget-remove-confirm.png. Run `pnpm build` first.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.ts';
import { startServers } from './serve-dist.ts';

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

const page = (cim: string) => `<!doctype html><html lang="en"><head>
<script type="module" src="${cim}/widget/cim-checkout.js"></script>
<style>
  body { margin: 0; padding: 32px; background: #f6f9fc; font-family: system-ui, sans-serif; }
  .panel { width: 420px; padding: 28px; background: #fff; border-radius: 12px; box-shadow: 0 2px 5px rgb(50 50 93 / .1), 0 1px 2px rgb(0 0 0 / .07); }
  h1 { margin: 0 0 20px; font-size: 18px; color: #30313d; font-weight: 600; }
</style></head><body><div class="panel"><h1>Checkout</h1></div></body></html>`;

const servers = await startServers(page);
const browser = await launchChromium();
mkdirSync(OUT, { recursive: true });
try {
  const context = await browser.newContext({ viewport: { width: 560, height: 1000 }, deviceScaleFactor: 2, locale: 'en-US' });
  for (const [session, file] of [['cs_noship', 'widget-new-card.png'], ['cs_returning', 'widget-wallet.png']] as const) {
    const tab = await context.newPage();
    await tab.goto(servers.shopOrigin);
    await tab.evaluate(
      ([server, s]) =>
        new Promise<void>((resolve) => {
          const el = document.createElement('cim-checkout');
          el.setAttribute('server', server);
          el.setAttribute('session', s);
          el.addEventListener('cim-ready', () => resolve());
          document.querySelector('.panel')!.append(el);
        }),
      [servers.cimOrigin, session] as const,
    );
    if (session === 'cs_noship') {
      const frame = tab.frameLocator('cim-checkout >> iframe');
      await frame.locator('#name').fill('Ada Lovelace');
      await frame.locator('#number').pressSequentially('4242424242424242');
    }
    await tab.waitForTimeout(300);
    await tab.locator('.panel').screenshot({ path: join(OUT, file) });
    console.log(`wrote docs/screenshots/${file}`);
    if (session === 'cs_returning') {
      // The question asked before a saved card is removed.
      await tab.frameLocator('cim-checkout >> iframe').getByRole('button', { name: 'Remove Mastercard ending in 4444' }).click();
      await tab.waitForTimeout(300);
      await tab.locator('.panel').screenshot({ path: join(OUT, 'widget-remove-confirm.png') });
      console.log('wrote docs/screenshots/widget-remove-confirm.png');
    }
    await tab.close();
  }
} finally {
  await browser.close();
  await servers.close();
}
