/**
 * Prints the gzipped size of what a shop page loads (the loader) and of everything the iframe
 * loads (frame.html and each asset it references), against the budgets. Exits 1 over budget.
 * Run after `pnpm build`; `pnpm bench` runs it (with ready-time) as `pnpm --filter @cim/widget bench`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '..', 'dist');
const BUDGET = { loader: 6 * 1024, frame: 30 * 1024 };

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

const loader = gz(join(DIST, 'cim-checkout.js'));
const html = readFileSync(join(DIST, 'frame.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/widget\/(assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
// Language packs load on demand, one per shopper: the largest one counts.
const lazy = readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`).filter((a) => !assets.includes(a));
const largestLazy = lazy.map((a) => [`${a} (largest on-demand)`, gz(join(DIST, a))] as const).sort((a, b) => b[1] - a[1])[0];
const frameParts = [['frame.html', gz(join(DIST, 'frame.html'))] as const, ...assets.map((a) => [a, gz(join(DIST, a))] as const), ...(largestLazy ? [largestLazy] : [])];
const frame = frameParts.reduce((sum, [, bytes]) => sum + bytes, 0);

const verdict = (bytes: number, budget: number) => (bytes <= budget ? 'PASS' : 'MISS');
console.log(`loader cim-checkout.js   ${kb(loader)} gzip (budget ${kb(BUDGET.loader)}) ${verdict(loader, BUDGET.loader)}`);
for (const [name, bytes] of frameParts) console.log(`  frame ${name.padEnd(44)} ${kb(bytes)}`);
console.log(`frame total              ${kb(frame)} gzip (budget ${kb(BUDGET.frame)}) ${verdict(frame, BUDGET.frame)}`);
console.log(JSON.stringify({ loaderGzipBytes: loader, frameGzipBytes: frame }));

if (loader > BUDGET.loader || frame > BUDGET.frame) {
  console.error('over budget');
  process.exitCode = 1;
}
