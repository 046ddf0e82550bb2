import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/env.ts';
import { openApiDocument } from '../openapi/document.ts';

/** `/openapi.json`: the merchant API's OpenAPI 3.1 document, built once from the route registry. No authentication. */
export function apiReference(deps: Pick<AppDeps, 'config'>) {
  const document = openApiDocument({ serverUrl: deps.config.CIM_PUBLIC_URL });
  const body = JSON.stringify(document);
  return new Hono<AppEnv>().get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
