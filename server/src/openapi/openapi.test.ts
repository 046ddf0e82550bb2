import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
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
