import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { openApiDocument } from '../openapi/document.ts';
import { REFERENCE_CSP, renderReference } from '../openapi/reference-page.ts';

/**
 * `/openapi.json`: the merchant API's OpenAPI 3.1 document, built once from the route registry;
 * `/docs/api`: the same document as a reference page, rendered here (no CDN, no script). No authentication.
 */
export function apiReference(deps: Pick<AppDeps, 'config'>) {
  const document = openApiDocument({ serverUrl: deps.config.CIM_PUBLIC_URL });
  const body = JSON.stringify(document);
  const page = renderReference(document as Parameters<typeof renderReference>[0]);
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' }))
    .get('/docs/api', (c) =>
      c.html(page, 200, {
        'Content-Security-Policy': REFERENCE_CSP,
        'Cache-Control': 'public, max-age=300',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      }),
    );
}
