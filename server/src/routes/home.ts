import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';

/** What the start banner's URL answers: where everything is. No authentication, nothing about merchants. */
export const HOME_LINKS = [
  { path: '/docs/api', title: 'API reference', about: 'the merchant REST API, rendered from its OpenAPI document' },
  { path: '/openapi.json', title: 'OpenAPI document', about: 'OpenAPI 3.1 of /v1, for code generators and API tools' },
  { path: '/console', title: 'Merchant console', about: 'staff sign-in: customers, refunds, audit log' },
  { path: '/health', title: 'Health', about: 'liveness: the process answers' },
  { path: '/ready', title: 'Readiness', about: 'the database answers' },
  { path: '/.well-known/jwks.json', title: 'Token keys', about: 'public keys that verify checkout result tokens' },
] as const;

const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[ch]};`);

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>CIM</title></head>
<body>
<main>
<h1>CIM</h1>
<p>A self-hosted card vault and checkout. The merchant API is under <code>/v1</code> (secret key), the Authorize.Net-compatible API at <code>/xml/v1/request.api</code>.</p>
<ul>
${HOME_LINKS.map((l) => `<li><a href="${l.path}">${escape(l.title)}</a>: ${escape(l.about)}</li>`).join('\n')}
</ul>
</main>
</body>
</html>
`;

/** `/`: a small page for a browser, the same links as JSON for anything else. */
export const home = new Hono<AppEnv>().get('/', (c) => {
  if ((c.req.header('accept') ?? '').includes('text/html')) {
    return c.html(PAGE, 200, { 'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  }
  return c.json({ name: 'CIM', api: '/v1', links: HOME_LINKS.map(({ path, title }) => ({ href: path, title })) });
});
