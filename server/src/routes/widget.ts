import { resolve } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { findSession } from '../domain/sessions.ts';
import type { AppEnv } from '../http/env.ts';
import { assetResponse, CONTENT_TYPES, readDist } from '../http/static-files.ts';

/** Where `pnpm --filter @cim/widget build` writes, unless CIM_WIDGET_DIST says otherwise. */
const DEFAULT_DIST = resolve(import.meta.dirname, '../../../widget/dist');
const BUILD_HINT = 'The widget is not built. Run `npx -y pnpm@10 --filter @cim/widget build` (or set CIM_WIDGET_DIST to a built widget/dist folder).';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The frame's CSP: its scripts and API are its own origin's; only the session's origin may frame it. */
export function frameCsp(frameAncestor: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-ancestors ${frameAncestor ?? "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const notBuilt = (c: Context) => c.text(BUILD_HINT, 503, { 'Cache-Control': 'no-store' });

/**
 * Mounted at /widget: the iframe page, the element's loader and the bundles.
 * The frame's parent origin comes from the session, never from the Referer.
 */
export function widgetPages(deps: AppDeps) {
  const dist = deps.config.CIM_WIDGET_DIST ? resolve(deps.config.CIM_WIDGET_DIST) : DEFAULT_DIST;
  const security = { 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };

  return new Hono<AppEnv>()
    .get('/frame', async (c) => {
      const html = await readDist(dist, 'frame.html');
      if (!html) return notBuilt(c);
      const session = await findSession(deps.store, c.req.query('session') ?? '');
      // A known session, even expired, may be framed by its origin so the frame can say
      // "expired" to the element; an unknown one may not be framed at all.
      const parent = session?.origin ?? null;
      const page = html.toString('utf8').replaceAll('__CIM_PARENT_ORIGIN__', escapeHtml(parent ?? ''));
      return c.html(page, 200, {
        ...security,
        'Content-Security-Policy': frameCsp(parent),
        'Cache-Control': 'no-store',
      });
    })
    .get('/cim-checkout.js', async (c) => {
      const body = await readDist(dist, 'cim-checkout.js');
      if (!body) return notBuilt(c);
      // The loader keeps one URL across releases: a short cache lets new versions reach pages.
      // A shop loads it as a cross-origin module script, which browsers fetch in CORS mode: without
      // this header no shop page can run it. It is public code with no credentials, so any origin.
      return c.body(new Uint8Array(body), 200, {
        ...security,
        'Content-Type': CONTENT_TYPES['.js']!,
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
      });
    })
    .get('/assets/:name', (c) => assetResponse(c, dist, c.req.param('name'), security, () => notBuilt(c), 'frame.html'));
}
