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

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let the frame settle at its final height (it resizes itself by message).
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
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
