/** One real CIM server, one shop origin, one unregistered origin and one Chromium per test file. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startCimAndShop } from './servers.ts';
import { launchChromium } from './shop-page.ts';

export interface Harness {
  env: Awaited<ReturnType<typeof startCimAndShop>>;
  browser: Browser;
}

export function useCimAndShop(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.env = await startCimAndShop();
    harness.browser = await launchChromium();
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.env?.close();
  });
  return harness;
}
