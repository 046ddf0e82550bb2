/**
 * README screenshots of the demo shop, taken by the same Chromium the end-to-end tests use,
 * from a fresh `pnpm start` (temporary data folder, free ports):
 *
 *   npx -y pnpm@10 --filter @cim/demo screenshots
 *
 * No card number appears in any of them: the new-card form is shown before the number is typed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startDemo } from '../../test/src/demo/demo-process.ts';
import { addToCart, CHROMIUM_LAUNCH, newShopperPage, openCheckout, pay } from '../../test/src/demo/shop-driver.ts';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
mkdirSync(OUT, { recursive: true });

/**
 * The whole page, through a viewport as tall as the page rather than Playwright's `fullPage`: that
 * capture lays the page out again for a moment with <cim-checkout> squeezed to its 240 px
 * min-width, the frame reports the height of that one-column form (1316 px instead of 982), and
 * the picture catches the iframe at the wrong height: blank space below the form, or a narrow,
 * clipped form. A tall enough viewport needs no relayout.
 */
async function shoot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  await page.evaluate(() => window.scrollTo(0, 0));
  // The frame resizes itself by message, and the page grows with it: repeat until the height holds.
  for (let height = 0, tries = 0; tries < 5; tries++) {
    await page.waitForTimeout(400);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    if (pageHeight === height) break;
    height = pageHeight;
    await page.setViewportSize({ width: viewport.width, height });
  }
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  await page.setViewportSize(viewport);
  console.log(`docs/screenshots/${name}.png`);
}

const demo = await startDemo();
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const grace = await newShopperPage(browser, demo.shopUrl, 'new');
  await shoot(grace, 'shop-home');
  await addToCart(grace, 'House Blend, 340 g');
  await addToCart(grace, 'Stoneware Mug');
  const form = await openCheckout(grace);
  await form.locator('#name').fill('Grace Hopper');
  await form.locator('#ship-name').fill('Grace Hopper');
  await form.locator('#ship-line1').fill('1 Compiler Way');
  await form.locator('#ship-city').fill('Arlington');
  await form.locator('#ship-state').fill('VA');
  await form.locator('#ship-postal').fill('22201');
  await shoot(grace, 'shop-checkout-new-card');

  const ada = await newShopperPage(browser, demo.shopUrl, 'returning');
  await addToCart(ada, 'Ceramic Pour-over Dripper');
  await addToCart(ada, 'Ethiopia Guji, 250 g');
  await openCheckout(ada);
  await shoot(ada, 'shop-checkout-returning');
  await pay(ada);
  await ada.waitForURL(/\/orders\/\d+$/);
  await shoot(ada, 'shop-order-confirmation');
} finally {
  await browser.close();
  await demo.interrupt();
  rmSync(demo.dataDir, { recursive: true, force: true });
}
