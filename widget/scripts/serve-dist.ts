/**
 * Two loopback servers for the scripts that drive a real browser (ready time, screenshots):
 * "CIM" serving the built widget (dist/) the way the server does, with the fake widget API,
 * and a shop page on another port, so the frame is cross-origin as in production.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createFakeWidgetApi } from '../src/testing/fake-widget-api.ts';
import { fillFramePage } from './frame-page.ts';

const DIST = join(import.meta.dirname, '..', 'dist');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.svg': 'image/svg+xml' };

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? JSON.parse(text) : undefined;
}

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

export async function startServers(hostPage: (cimOrigin: string) => string) {
  const api = createFakeWidgetApi();
  let shopOrigin = '';
  const cim = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/widget/api/')) {
      const answer = api.handle(req.method ?? 'GET', url.pathname.slice('/widget/api'.length), req.headers.authorization ?? null, await readBody(req));
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      return;
    }
    if (url.pathname === '/widget/frame') {
      const csp = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${shopOrigin}; base-uri 'none'; form-action 'none'`;
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(fillFramePage(readFileSync(join(DIST, 'frame.html'), 'utf8'), shopOrigin));
      return;
    }
    const file = normalize(url.pathname.replace(/^\/widget\//, '/'));
    try {
      const body = readFileSync(join(DIST, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const cimOrigin = await listen(cim);
  const shop = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostPage(cimOrigin)));
  // Same host, other port: a different origin, as a shop and its CIM server are.
  shopOrigin = (await listen(shop)).replace('127.0.0.1', 'localhost');
  return {
    cimOrigin,
    shopOrigin,
    close: () => Promise.all([new Promise((r) => cim.close(r)), new Promise((r) => shop.close(r))]),
  };
}
