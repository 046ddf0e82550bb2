/**
 * The packages a shop installs, as a shop would: `npm pack` each of @cim/widget, @cim/react and
 * @cim/verify, install the tarballs (and React from the registry) into a scratch project outside
 * the workspace, typecheck a page against the published .d.ts files, build it with Vite, and in
 * Chromium pay through the real CIM server; the shop's server side then verifies the token with
 * the installed @cim/verify.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCimAndShop } from './harness.ts';
import { fillCard } from './shop-page.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const PACKAGES = ['widget', 'react', 'verify'];
// Node 24 first on PATH, for the packages' prepack builds (their scripts run .ts files).
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}` };
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scratch shop</title></head>
<body><div id="root"></div><script type="module" src="./main.ts"></script></body></html>`;

// Typed events from the published .d.ts: a wrong property is a compile error (the @ts-expect-error lines).
const MAIN = `import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { CimCheckout } from '@cim/react';
import type { CimTokenEvent } from '@cim/widget';

const params = new URLSearchParams(location.search);
const seen: string[] = [];
(window as unknown as { seen: string[] }).seen = seen;
function onToken(event: CimTokenEvent) {
  const last4: string = event.detail.card.last4;
  // @ts-expect-error the token event carries no card number
  void event.detail.card.number;
  seen.push(\`token \${event.detail.token} \${last4}\`);
}
createRoot(document.getElementById('root')!).render(
  createElement(CimCheckout, {
    session: params.get('session') ?? '',
    server: params.get('server') ?? '',
    locale: 'en',
    onCimReady: (e) => seen.push(\`ready \${e.detail.mode}\`),
    onCimToken: onToken,
    onCimError: (e) => seen.push(\`error \${e.detail.code}\`),
  }),
);
`;

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] }, include: ['main.ts'] });

const VERIFY = `import { createCheckoutVerifier } from '@cim/verify';
const verify = createCheckoutVerifier({ cimUrl: process.env.CIM_URL, merchantId: process.env.MERCHANT_ID });
const claims = await verify(process.env.TOKEN);
process.stdout.write(JSON.stringify(claims));
`;

describe('the published packages, installed from tarballs outside the workspace', () => {
  const h = useCimAndShop();
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'cim-scratch-shop-'));
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    for (const name of PACKAGES) run('npm', ['pack', '--silent', '--pack-destination', tarballs], join(ROOT, name));
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-shop', private: true, type: 'module' }));
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, 'react@19', 'react-dom@19', '@types/react@19', '@types/react-dom@19'], scratch);
    writeFileSync(join(scratch, 'index.html'), PAGE);
    writeFileSync(join(scratch, 'main.ts'), MAIN);
    writeFileSync(join(scratch, 'tsconfig.json'), TSCONFIG);
    writeFileSync(join(scratch, 'verify.js'), VERIFY);
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('ship built ES modules, .d.ts and custom-elements.json, no TypeScript source and no workspace: dependency', () => {
    for (const name of PACKAGES) {
      const installed = join(scratch, 'node_modules/@cim', name);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest.private, name).toBeUndefined();
      expect(JSON.stringify(manifest.dependencies ?? {}) + JSON.stringify(manifest.peerDependencies ?? {}), name).not.toContain('workspace:');
      const shipped = readdirSync(installed, { recursive: true, encoding: 'utf8' });
      expect(shipped.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), name).toEqual([]);
      expect(shipped, name).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts']));
    }
    const widget = readdirSync(join(scratch, 'node_modules/@cim/widget'));
    expect(widget).toContain('custom-elements.json');
  });

  it('typechecks a page against the published types (typed events), builds it with Vite and pays in Chromium; @cim/verify verifies the token', async () => {
    // `tsc` and `vite` from the workspace, run on the scratch project: they resolve its node_modules only.
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], scratch);
    run(process.execPath, [join(ROOT, 'widget/node_modules/vite/bin/vite.js'), 'build', '--base', '/app/', '--logLevel', 'error'], scratch);
    const built = readdirSync(join(scratch, 'dist/assets'));
    const bundle = built.map((f) => readFileSync(join(scratch, 'dist/assets', f), 'utf8')).join('\n');
    expect(bundle).toContain('cim-checkout');

    const session = await h.env.newSession({ collectShipping: false, amount: '14.00', currency: 'USD' });
    const url = `${h.env.publishFolder('/app/', join(scratch, 'dist'))}?session=${session}&server=${encodeURIComponent(h.env.cimOrigin)}`;
    const page = await h.browser.newPage();
    const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen ?? []);
    await page.goto(url);
    await expect.poll(seen, { timeout: 20_000 }).toContain('ready checkout');
    const frame = page.frameLocator('cim-checkout >> iframe');
    await fillCard(frame, { name: 'Ada Lovelace', number: '4111111111111111', expiry: '1230', cvc: '737', postal: '10001' });
    await expect(frame.getByRole('button', { name: 'Pay $14.00' }).count()).resolves.toBe(1);
    await frame.getByRole('button', { name: 'Pay $14.00' }).click();
    await expect.poll(async () => (await seen()).find((s) => s.startsWith('token ')), { timeout: 20_000 }).toBeDefined();
    const [, token, last4] = (await seen()).find((s) => s.startsWith('token '))!.split(' ');
    expect(last4).toBe('1111');
    await page.close();

    // Asynchronously: the CIM server it fetches the JWKS from runs in this very process.
    const { stdout } = await promisify(execFile)(process.execPath, ['verify.js'], {
      cwd: scratch, encoding: 'utf8', env: { ...env, CIM_URL: h.env.cimOrigin, MERCHANT_ID: h.env.merchant.id, TOKEN: token },
    });
    const claims = JSON.parse(stdout) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: h.env.merchant.id, card: { last4: '1111' }, amount: '14.00', currency: 'USD' });
  }, 180_000);
});
