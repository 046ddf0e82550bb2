import type { ErrorCode } from '@cim/shared';
import { z } from 'zod';
import { statusFor } from '../http/error-handler.ts';
import { acceptsIdempotencyKey, headersOf, IDEMPOTENCY_KEY_PARAMETER, RESPONSE_HEADERS } from './headers.ts';
import { BODY_ERRORS, COMMON_ERRORS, COMPONENTS, IDEMPOTENCY_ERRORS, OPERATIONS, type Operation } from './operations.ts';

type Json = Record<string, unknown>;

/** `/v1/customers/:id` → `/v1/customers/{id}` */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** `post /v1/customers/:customerId/payment-profiles` → `postCustomersByCustomerIdPaymentProfiles` */
export function operationId(op: Pick<Operation, 'method' | 'path'>): string {
  const words = op.path
    .replace(/^\/v1/, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `By${w[1]!.toUpperCase()}${w.slice(2)}` : `${w[0]!.toUpperCase()}${w.slice(1)}`));
  return op.method + words.join('');
}

/** Every error code an operation may answer: its own and the ones its kind of request may. */
export function errorCodesOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors);
  if (!op.public) for (const c of COMMON_ERRORS) codes.add(c);
  if (op.body) for (const c of BODY_ERRORS) codes.add(c);
  if (op.query) codes.add('invalid_request');
  if (acceptsIdempotencyKey(op)) for (const c of IDEMPOTENCY_ERRORS) codes.add(c);
  return [...codes];
}

/**
 * Names every schema an operation uses: the COMPONENTS ones by their name, the rest after the
 * operation (`getCustomers200`, `postCustomersBody`), so the document has each schema once.
 */
function nameSchemas() {
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(COMPONENTS)) names.set(schema, name);
  const nameOf = (schema: z.ZodType, fallback: string) => {
    if (!names.has(schema)) names.set(schema, fallback);
    return names.get(schema)!;
  };
  for (const op of OPERATIONS) {
    if (op.body) nameOf(op.body, `${operationId(op)}Body`);
    for (const [status, schema] of Object.entries(op.responses)) if (schema) nameOf(schema, `${operationId(op)}${status}`);
  }
  return names;
}

function componentSchemas(names: Map<z.ZodType, string>): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  // Input form: what a client sends (coerced numbers, optional defaults). Answers carry no transforms, so it is theirs too.
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input' });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as Json]),
  );
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });

function queryParameters(query: z.ZodObject): Json[] {
  const schema = z.toJSONSchema(query, { io: 'input' }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: s,
    ...(typeof s.description === 'string' && { description: s.description }),
  }));
}

function errorResponses(op: Operation): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(op)) byStatus.set(statusFor(code), [...(byStatus.get(statusFor(code)) ?? []), code]);
  const out: Record<string, Json> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (op.responses[status] !== undefined) continue;
    out[String(status)] = { description: codes.join(', '), 'x-error-codes': codes, content: json('Error') };
  }
  return out;
}

function operationObject(op: Operation, names: Map<z.ZodType, string>): Json {
  const pathParams = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const parameters = [...pathParams, ...(op.query ? queryParameters(op.query) : []), ...(acceptsIdempotencyKey(op) ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [])];
  const responses: Record<string, Json> = {};
  for (const [status, schema] of Object.entries(op.responses)) {
    responses[status] = schema ? { description: 'Success', content: json(names.get(schema)!) } : { description: 'No content' };
  }
  Object.assign(responses, errorResponses(op), { default: { description: 'Any other failure: the one error body', content: json('Error') } });
  for (const [status, response] of Object.entries(responses)) {
    response.headers = Object.fromEntries(headersOf(op, status).map((name) => [name, { $ref: `#/components/headers/${name}` }]));
  }
  return {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description && { description: op.description }),
    ...(op.public && { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && { requestBody: { required: !op.bodyOptional, content: json(names.get(op.body)!) } }),
    responses,
  };
}

/** The OpenAPI 3.1 document of the merchant API, built from the route registry and the zod schemas. */
export function openApiDocument(options: { serverUrl?: string } = {}): Json {
  const names = nameSchemas();
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op, names);
  return {
    openapi: '3.1.0',
    info: {
      title: 'CIM merchant API',
      version: '1',
      description: 'Customer profiles, payment profiles, shipping addresses, checkout sessions and tokens, transactions and subscriptions. JSON in, JSON out; every failure answers the one Error body with a stable code.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(options.serverUrl && { servers: [{ url: options.serverUrl }] }),
    security: [{ secretKey: [] }],
    tags: [...new Set(OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { secretKey: { type: 'http', scheme: 'bearer', description: 'The merchant secret key (sk_…) from `cim merchant create`.' } },
      schemas: componentSchemas(names),
      parameters: { IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER },
      headers: RESPONSE_HEADERS,
    },
  };
}
