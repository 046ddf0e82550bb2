import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { findSession } from '../domain/sessions.ts';
import type { AppEnv } from '../http/env.ts';

/** Where `pnpm --filter @cim/widget build` writes, unless CIM_WIDGET_DIST says otherwise. */
const DEFAULT_DIST = resolve(import.meta.dirname, '../../../widget/dist');
const BUILD_HINT = 'The widget is not built. Run `npx -y pnpm@10 --filter @cim/widget build` (or set CIM_WIDGET_DIST to a built widget/dist folder).';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.html': 'text/html; charset=utf-8',
};

/** Content-hashed file names only: letters, digits, dot, dash, underscore; no folders. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

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

async function readDist(dist: string, file: string): Promise<Buffer | null> {
  try {
    return await readFile(resolve(dist, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
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
    .get('/assets/:name', async (c) => {
      const name = c.req.param('name');
      const type = CONTENT_TYPES[extname(name)];
      const assets = resolve(dist, 'assets');
      const path = resolve(assets, name);
      if (!ASSET_NAME.test(name) || !type || !path.startsWith(assets + sep)) return c.text('Not found', 404);
      const body = await readDist(assets, name);
      if (!body) return (await readDist(dist, 'frame.html')) ? c.text('Not found', 404) : notBuilt(c);
      // Bundles are content-hashed by the build: a name never changes meaning.
      return c.body(new Uint8Array(body), 200, { ...security, 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
    });
}
