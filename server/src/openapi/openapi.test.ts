import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { ERROR_CODES } from '@cim/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { answerProblems } from './answer-check.ts';
import { openApiPath } from './document.ts';
import { OPERATIONS } from './operations.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
type Responses = Record<string, { headers?: Record<string, { $ref: string }> }>;
let document: {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ $ref?: string; name?: string }>; responses: Responses }>>;
  components: { schemas: Record<string, object>; headers: Record<string, object>; parameters: Record<string, { name: string; in: string }> };
};

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

describe('response headers', () => {
  const headersOf = (path: string, method: string, status: string) => Object.values(document.paths[path]![method]!.responses[status]?.headers ?? {}).map((h) => h.$ref.replace('#/components/headers/', ''));
  const operations = () => Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  it('are reusable components, referenced from the answers that carry them', () => {
    expect(Object.keys(document.components.headers).sort()).toEqual(['Idempotency-Key', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id']);
    for (const { path, method, op } of operations()) {
      for (const status of Object.keys(op.responses)) {
        const names = headersOf(path, method, status);
        expect(names, `${method} ${path} ${status}`).toContain('X-Request-Id');
        if (status === '429' || status === '503' || status === 'default') expect(names, `${method} ${path} ${status}`).toContain('Retry-After');
      }
    }
    expect(headersOf('/v1/customers', 'post', '201')).toEqual(['X-Request-Id', 'Idempotent-Replayed', 'Idempotency-Key']);
    expect(headersOf('/v1/customers', 'post', '500')).toEqual(['X-Request-Id']);
    expect(headersOf('/v1/customers', 'get', '200')).toEqual(['X-Request-Id']);
    expect(headersOf('/ready', 'get', '503')).toEqual(['X-Request-Id', 'Retry-After']);
    for (const status of ['201', '400', '429']) expect(headersOf('/v1/sessions', 'post', status), status).toEqual(expect.arrayContaining(['RateLimit', 'RateLimit-Policy']));
  });

  it('the Idempotency-Key request header is one parameter, on every POST that takes the secret key and on nothing else', () => {
    expect(document.components.parameters['IdempotencyKey']).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    for (const { path, method, op } of operations()) {
      const takesKey = (op.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
      expect(takesKey, `${method} ${path}`).toBe(method === 'post' && path.startsWith('/v1/'));
    }
  });

  it('an answer fails the check when it carries a header its entry does not list, lacks X-Request-Id, or sends a value its schema refuses', () => {
    const ok = JSON.stringify({ data: [], nextCursor: null });
    const error = JSON.stringify({ error: { code: 'rate_limited', message: 'slow down', requestId: 'r1' } });
    expect(answerProblems('GET', '/v1/customers', 200, ok, new Headers({ 'x-request-id': 'r1', 'content-type': 'application/json' }))).toEqual([]);
    expect(answerProblems('GET', '/v1/customers', 200, ok, new Headers({ 'x-request-id': 'r1', ratelimit: '"merchantSessions";r=1;t=1' })).join()).toMatch(/sends header ratelimit, which the document does not list/);
    expect(answerProblems('GET', '/v1/customers', 200, ok, new Headers({ 'x-request-id': 'r1', 'idempotent-replayed': 'true' })).join()).toMatch(/sends header idempotent-replayed/);
    expect(answerProblems('GET', '/v1/customers', 200, ok, new Headers({ 'x-made-up': '1', 'x-request-id': 'r1' })).join()).toMatch(/sends header x-made-up/);
    expect(answerProblems('GET', '/v1/customers', 200, ok, new Headers()).join()).toMatch(/required header X-Request-Id is missing/);
    expect(answerProblems('GET', '/v1/customers', 429, error, new Headers({ 'x-request-id': 'r1', 'retry-after': '3' }))).toEqual([]);
    expect(answerProblems('GET', '/v1/customers', 429, error, new Headers({ 'x-request-id': 'r1', 'retry-after': 'soon' })).join()).toMatch(/header retry-after: "soon" does not match its schema/);
    expect(answerProblems('GET', '/v1/customers', 200, ok, new Headers({ 'x-request-id': 'r1', 'retry-after': '3' })).join()).toMatch(/sends header retry-after/);
  });
});

describe('GET /docs/api', () => {
  it('renders every operation, schema and error code from the document, offline under a strict CSP', async () => {
    const res = await t.app.request('/docs/api');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    for (const methods of Object.values(document.paths)) {
      for (const op of Object.values(methods)) expect(page).toContain(`id="${op.operationId}"`);
    }
    for (const name of Object.keys(document.components.schemas)) expect(page).toContain(`id="schema-${name}"`);
    for (const code of ERROR_CODES) expect(page).toContain(`id="error-${code}"`);
    for (const name of Object.keys(document.components.headers)) expect(page).toContain(`id="header-${name}"`);
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
