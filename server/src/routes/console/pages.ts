import { resolve } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { AppEnv } from '../../http/env.ts';
import { assetResponse, readDist } from '../../http/static-files.ts';

/** Where `pnpm --filter @cim/console build` writes, unless CIM_CONSOLE_DIST says otherwise. */
const DEFAULT_DIST = resolve(import.meta.dirname, '../../../../console/dist');
const BUILD_HINT = 'The console is not built. Run `npx -y pnpm@10 --filter @cim/console build` (or set CIM_CONSOLE_DIST to a built console/dist folder).';

/**
 * The console's CSP: nothing but its own scripts, styles and API; no inline code, no framing,
 * no forms posting anywhere (the app sends JSON with fetch).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Mounted at /console: the single page (routing is in the URL fragment) and its bundles. */
export function consolePages(deps: AppDeps) {
  const dist = deps.config.CIM_CONSOLE_DIST ? resolve(deps.config.CIM_CONSOLE_DIST) : DEFAULT_DIST;
  const notBuilt = (c: Context) => c.text(BUILD_HINT, 503, { 'Cache-Control': 'no-store' });
  const page = async (c: Context) => {
    const html = await readDist(dist, 'index.html');
    if (!html) return notBuilt(c);
    return c.html(html.toString('utf8'), 200, { ...SECURITY, 'Content-Security-Policy': CONSOLE_CSP, 'Cache-Control': 'no-store' });
  };
  return new Hono<AppEnv>()
    .get('/', page)
    .get('/assets/:name', (c) => assetResponse(c, dist, c.req.param('name'), { ...SECURITY, 'Content-Security-Policy': CONSOLE_CSP }, () => notBuilt(c), 'index.html'));
}
