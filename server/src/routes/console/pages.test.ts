import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../../test-support.ts';
import { CONSOLE_CSP } from './pages.ts';
import type { TestApp } from './console-fixtures.ts';

let dist: string;
let t: TestApp;
beforeEach(async () => {
  dist = mkdtempSync(join(tmpdir(), 'cim-console-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>CIM console</title><script type="module" src="/console/assets/index-abc.js"></script>');
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  t = await makeTestApp({ env: { CIM_CONSOLE_DIST: dist } });
});
afterEach(async () => {
  await t.cleanup();
  rmSync(dist, { recursive: true, force: true });
});

describe('console page', () => {
  it('serves the page with its strict CSP and no caching at /console (/console/ redirects there)', async () => {
    const res = await t.app.request('/console');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('CIM console');
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const slash = await t.app.request('/console/');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/console');
  });

  it('serves hashed assets for a year and nothing outside dist/assets', async () => {
    const js = await t.app.request('/console/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/console/assets/..%2Findex.html', '/console/assets/missing.js', '/console/assets/index-abc.exe']) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });

  it('says how to build the console when it is not built', async () => {
    rmSync(join(dist, 'index.html'));
    const res = await t.app.request('/console');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('--filter @cim/console build');
  });
});
