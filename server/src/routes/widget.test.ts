import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, type CheckoutServer } from '../checkout-test-support.ts';

let t: CheckoutServer | undefined;
let root: string | undefined;
afterEach(async () => {
  await t?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
  t = undefined;
});

const FRAME_HTML = '<!doctype html><meta name="cim-parent-origin" content="__CIM_PARENT_ORIGIN__"><script type="module" src="/widget/assets/frame-abc123.js"></script>';

/** A stand-in for the widget build: the server only serves what widget/dist holds. */
function fixtureDist(root: string): string {
  const dist = join(root, 'widget-dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'frame.html'), FRAME_HTML);
  writeFileSync(join(dist, 'cim-checkout.js'), 'export {};\n');
  writeFileSync(join(dist, 'assets', 'frame-abc123.js'), 'console.log(1);\n');
  writeFileSync(join(dist, 'assets', 'frame-abc123.css'), 'body{}\n');
  writeFileSync(join(root, 'secret.txt'), 'not for the web');
  return dist;
}

async function start(withBuild = true) {
  root = mkdtempSync(join(tmpdir(), 'cim-widget-dist-'));
  const dist = withBuild ? fixtureDist(root) : join(root, 'missing');
  t = await startCheckoutServer({ env: { CIM_WIDGET_DIST: dist } });
  return t;
}

const csp = (ancestor: string) =>
  `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${ancestor}; base-uri 'none'; form-action 'none'`;

describe('GET /widget/frame', () => {
  it("may be framed only by the session's origin, which it names to the frame app", async () => {
    const s = await start();
    const res = await s.call('GET', `/widget/frame?session=${await s.newSession()}`, null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(csp('http://shop.test'));
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain('<meta name="cim-parent-origin" content="http://shop.test">');
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('takes the origin from the session, never from the Referer', async () => {
    const s = await start();
    const res = await s.call('GET', `/widget/frame?session=${await s.newSession()}`, null, undefined, { referer: 'https://evil.example/page' });
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors http://shop.test;');
    expect(res.text).not.toContain('evil.example');
  });

  it('still serves an expired session so the frame can say so; an unknown one cannot be framed', async () => {
    const s = await start();
    const session = await s.newSession({ ttlSeconds: 60 });
    s.clock.advance(120_000);
    const expired = await s.call('GET', `/widget/frame?session=${session}`, null);
    expect(expired.status).toBe(200);
    expect(expired.headers.get('content-security-policy')).toBe(csp('http://shop.test'));

    for (const query of ['?session=cs_' + 'B'.repeat(43), '?session=' + s.merchant.secretKey, '']) {
      const unknown = await s.call('GET', `/widget/frame${query}`, null);
      expect(unknown.status).toBe(200);
      expect(unknown.headers.get('content-security-policy')).toBe(csp("'none'"));
      expect(unknown.text).toContain('content=""');
    }
  });

  it('answers 503 telling how to build the widget when widget/dist is missing', async () => {
    const s = await start(false);
    for (const path of [`/widget/frame?session=${await s.newSession()}`, '/widget/cim-checkout.js', '/widget/assets/frame-abc123.js']) {
      const res = await s.call('GET', path, null);
      expect(res.status).toBe(503);
      expect(res.text).toContain('--filter @cim/widget build');
    }
  });
});

describe('widget bundles', () => {
  it('serves the loader at /widget/cim-checkout.js with a short cache', async () => {
    const s = await start();
    const res = await s.call('GET', '/widget/cim-checkout.js', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves content-hashed assets as immutable, with their content types', async () => {
    const s = await start();
    const js = await s.call('GET', '/widget/assets/frame-abc123.js', null);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await s.call('GET', '/widget/assets/frame-abc123.css', null)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside widget/dist/assets', async () => {
    const s = await start();
    for (const path of ['/widget/assets/..%2F..%2Fsecret.txt', '/widget/assets/%2e%2e%2fframe.html', '/widget/assets/missing-1.js', '/widget/assets/frame.html', '/widget/assets/.hidden.js']) {
      const res = await s.call('GET', path, null);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('not for the web');
    }
  });
});
