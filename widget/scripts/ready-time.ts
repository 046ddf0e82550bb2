/**
 * Median time from inserting <cim-checkout> into a shop page to its `cim-ready` event, in
 * headless Chromium on loopback, against the built widget (run `pnpm build` first) and the fake
 * widget API. Each run is a new element and so a new iframe, frame script cache warm as for a
 * shopper's second page. Prints the median in ms, and JSON for the bench.
 */
import { launchChromium } from './browser.ts';
import { startServers } from './serve-dist.ts';

const RUNS = Number(process.env.RUNS ?? 21);
const BUDGET_MS = 300;

const servers = await startServers(
  (cim) => `<!doctype html><html lang="en"><head><script type="module" src="${cim}/widget/cim-checkout.js"></script></head><body></body></html>`,
);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(servers.shopOrigin);
  await page.waitForFunction(() => customElements.get('cim-checkout') !== undefined);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await page.evaluate(
      (server) =>
        new Promise<number>((resolve, reject) => {
          document.body.replaceChildren();
          const el = document.createElement('cim-checkout');
          el.setAttribute('server', server);
          el.setAttribute('session', 'cs_returning');
          const start = performance.now();
          el.addEventListener('cim-ready', () => resolve(performance.now() - start));
          el.addEventListener('cim-error', (e) => reject(new Error((e as CustomEvent).detail.code)));
          document.body.append(el);
        }),
      servers.cimOrigin,
    );
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const verdict = median <= BUDGET_MS ? 'PASS' : 'MISS';
  console.log(`cim-ready median ${median.toFixed(1)} ms over ${RUNS} runs (min ${times[0]?.toFixed(1)}, max ${times.at(-1)?.toFixed(1)}; budget ${BUDGET_MS} ms) ${verdict}`);
  console.log(JSON.stringify({ readyMedianMs: Number(median.toFixed(1)), runs: RUNS }));
  if (verdict === 'MISS') process.exitCode = 1;
} finally {
  await browser.close();
  await servers.close();
}
