import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { HOME_LINKS } from './home.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

describe('GET / (the URL the start banner prints)', () => {
  it('answers JSON naming where everything is, and every link answers', async () => {
    const res = await t.app.request('/');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { links: Array<{ href: string }> };
    expect(body.links.map((l) => l.href)).toEqual(['/docs/api', '/openapi.json', '/console', '/health', '/ready', '/.well-known/jwks.json']);
    for (const { href } of body.links) {
      const linked = await t.app.request(href, { headers: { accept: 'text/html' } });
      // The console answers 503 with a build hint until `pnpm --filter @cim/console build` has run (tests do not build it).
      expect(linked.status, href).toBe(href === '/console' && linked.status === 503 ? 503 : 200);
    }
  });

  it('answers a browser with a small page under a strict CSP', async () => {
    const res = await t.app.request('/', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    for (const { path } of HOME_LINKS) expect(page).toContain(`href="${path}"`);
  });
});
