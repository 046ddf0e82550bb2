import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { ERROR_CODES } from '@cim/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { openApiPath } from './document.ts';
import { OPERATIONS } from './operations.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
let document: { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, object> } };

beforeAll(async () => {
  t = await makeTestApp();
  const res = await t.app.request('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  document = await res.json();
});
afterAll(() => t.cleanup());

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has schemas that a JSON Schema 2020-12 validator compiles in strict mode', () => {
    const ajv = new Ajv2020({ strict: true, validateFormats: false });
    ajv.addKeyword('x-error-codes');
    for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    for (const name of Object.keys(document.components.schemas)) expect(() => ajv.getSchema(`#/components/schemas/${name}`), name).not.toThrow();
  });

  it('documents the request schemas the routes validate with: a body field the route refuses is not in the spec', () => {
    const create = document.components.schemas['CustomerCreate'] as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(create.properties).sort()).toEqual(['description', 'email', 'merchantCustomerId']);
    expect(create.additionalProperties).toBe(false);
  });

  it('answers without a key', async () => {
    const res = await t.app.request('/openapi.json', { headers: { authorization: 'Bearer nonsense' } });
    expect(res.status).toBe(200);
  });
});

describe('GET /docs/api', () => {
  it('renders every operation, schema and error code from the document, offline under a strict CSP', async () => {
    const res = await t.app.request('/docs/api');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    for (const methods of Object.values(document.paths)) {
      for (const op of Object.values(methods) as Array<{ operationId: string }>) expect(page).toContain(`id="${op.operationId}"`);
    }
    for (const name of Object.keys(document.components.schemas)) expect(page).toContain(`id="schema-${name}"`);
    for (const code of ERROR_CODES) expect(page).toContain(`id="error-${code}"`);
    // Nothing loaded from anywhere: no script, no external URL; the one inline stylesheet is allowed by its hash only.
    expect(page).not.toMatch(/<script|<link|<img|src=|https?:\/\/(?!json-schema)/i);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('escapes what it renders', async () => {
    const page = await (await t.app.request('/docs/api')).text();
    expect(page).toContain('<code>&#34;visa&#34;</code>');
    expect(page).not.toContain('<code>"visa"</code>');
  });
});

/**
 * Every route mounted under /v1 is documented, and every documented operation is mounted.
 * A new route fails this until it is added to server/src/openapi/operations.ts.
 */
describe('route coverage', () => {
  const mounted = () =>
    new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/'))
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );

  it('every /v1 route mounted in the app is in the registry', () => {
    const documented = new Set(OPERATIONS.map((op) => `${op.method} ${openApiPath(op.path)}`));
    expect([...mounted()].filter((r) => !documented.has(r)), 'add these to server/src/openapi/operations.ts').toEqual([]);
  });

  it('every operation in the registry is mounted, and in the document', () => {
    const all = new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    for (const op of OPERATIONS) {
      const key = `${op.method} ${openApiPath(op.path)}`;
      expect(all.has(key), key).toBe(true);
      expect(document.paths[openApiPath(op.path)]?.[op.method], key).toBeDefined();
    }
    expect(mounted().size).toBeGreaterThan(30);
  });
});
