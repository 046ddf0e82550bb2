import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, startConsoleServer, type ConsoleServer } from './console-server.ts';

/** One console server and one Chromium for a test file: started before its tests, closed after (vitest only; screenshots.ts runs without it). */
export function consoleInChromium(): { cim: ConsoleServer; browser: Browser } {
  const env = {} as { cim: ConsoleServer; browser: Browser };
  beforeAll(async () => {
    env.cim = await startConsoleServer();
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.cim?.close();
  });
  return env;
}
