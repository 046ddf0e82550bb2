/**
 * The real CIM server (in-process, SQLite in a temp folder, serving the built widget) and a shop
 * page on another port, for end-to-end tests of <cim-checkout> across two real origins.
 * Requires `pnpm --filter @cim/widget build` first (pnpm test does it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createApp } from '../../../server/src/app.ts';
import { createMerchant } from '../../../server/src/domain/merchants.ts';
import { makeTestDeps } from '../../../server/src/test-support.ts';
import { closeServer, listenOnFreePort, serveApp } from '../loopback.ts';

export async function startCimAndShop() {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const folders = new Map<string, string>();
  const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const folder = [...folders].find(([prefix]) => path.startsWith(prefix));
    if (folder) {
      const file = join(folder[1], normalize(path.slice(folder[0].length) || 'index.html').replace(/^(\.\.[/\\])+/, ''));
      const found = existsSync(file) && statSync(file).isFile();
      res.writeHead(found ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(found ? readFileSync(file) : undefined);
      return;
    }
    const found = pages.get(req.url ?? '');
    res.writeHead(found ? 200 : 404, { 'content-type': 'text/html', ...found?.headers }).end(found?.html);
  };
  // Listening before the app exists: the origins go into its configuration and the merchant.
  const [{ server: cim, port: cimPort }, { server: shop, port: shopPort }, { server: other, port: otherPort }] = [
    await listenOnFreePort(),
    await listenOnFreePort(handler),
    await listenOnFreePort(handler),
  ];
  const cimOrigin = `http://127.0.0.1:${cimPort}`;
  // localhost vs 127.0.0.1: other origins than the CIM server's.
  const shopOrigin = `http://localhost:${shopPort}`;
  const otherOrigin = `http://localhost:${otherPort}`;
  const env = makeTestDeps({ now: new Date(), env: { CIM_PUBLIC_URL: cimOrigin, CIM_WIDGET_DIST: join(import.meta.dirname, '../../../widget/dist') } });
  const app = createApp(env.deps);
  const merchant = await createMerchant(env.deps, { name: 'E2E Shop', origins: [shopOrigin] });
  serveApp(cim, app.fetch);

  const page = (session: string, attrs = '') => `<!doctype html><html lang="en"><head>
<script type="module" src="${cimOrigin}/widget/cim-checkout.js"></script></head>
<body><button id="before">before</button><cim-checkout session="${session}" ${attrs}></cim-checkout></body></html>`;

  let shoppers = 0;
  /** A checkout session for the shop origin; each call is a new shopper unless `merchantCustomerId` or `customerId` is given. */
  async function newSession(input: Record<string, unknown> = {}): Promise<string> {
    const who = 'customerId' in input || 'merchantCustomerId' in input ? {} : { merchantCustomerId: `shopper-${++shoppers}` };
    const res = await fetch(`${cimOrigin}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ origin: shopOrigin, ...who, ...input }),
    });
    if (res.status !== 201) throw new Error(`POST /v1/sessions: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  /** Publishes a shop page at `path` (with extra response headers, e.g. a CSP) and returns its URL on the shop (or the other) origin. */
  function publish(path: string, session: string, attrs = '', on: 'shop' | 'other' = 'shop', headers: Record<string, string> = {}) {
    pages.set(path, { html: page(session, attrs), headers });
    return `${on === 'shop' ? shopOrigin : otherOrigin}${path}`;
  }

  /** Serves a built folder (a shop's own Vite build) under `prefix` (`/app/`) on the shop origin; returns its URL. */
  function publishFolder(prefix: string, dir: string) {
    folders.set(prefix, dir);
    return `${shopOrigin}${prefix}`;
  }

  /** The merchant's REST API (`/v1/*`) with its secret key. */
  async function rest(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${cimOrigin}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${merchant.secretKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} /v1${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  }

  return {
    cimOrigin, shopOrigin, otherOrigin, merchant, newSession, publish, publishFolder, rest, deps: env.deps, clock: env.clock,
    close: async () => {
      await Promise.all([closeServer(cim), closeServer(shop), closeServer(other)]);
      await env.cleanup();
    },
  };
}
