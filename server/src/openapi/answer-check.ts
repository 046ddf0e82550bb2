import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { default as addFormatsModule } from 'ajv-formats';
import { errorCodesOf, openApiDocument, openApiPath } from './document.ts';
import { OPERATIONS, type Operation } from './operations.ts';

/**
 * Test support: checks a real answer against the OpenAPI document. The status must be one the
 * operation documents (or an error, answered with the Error body), the body must match that
 * status's schema, an error's code must be one the operation lists, and the headers must be the
 * documented ones: every header the answer carries (HTTP's own aside) is listed on that answer
 * with a value its schema allows, and every required one is there. makeTestApp() runs every
 * answer of the route tests through it; openapi-answers.test.ts exercises every operation.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

type ResponseObject = { content?: { 'application/json': { schema: { $ref: string } } }; headers?: Record<string, { $ref: string }> };
type HeaderObject = { required?: boolean; schema: object };
type DocumentShape = {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, object>; headers: Record<string, HeaderObject> };
};

/** Headers of HTTP itself, which no operation documents. Any other header an answer carries must be in the document. */
const HTTP_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'cache-control', 'strict-transport-security']);

let compiled: { document: DocumentShape; validators: Map<string, ValidateFunction>; headerValidators: Map<string, ValidateFunction> } | undefined;

function setup() {
  if (compiled) return compiled;
  const document = openApiDocument() as unknown as DocumentShape;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The components under one id, so the document's own "#/components/schemas/X" refs resolve.
  ajv.addSchema({ $id: 'cim-openapi', components: document.components }, 'cim-openapi');
  const validators = new Map<string, ValidateFunction>();
  for (const name of Object.keys(document.components.schemas)) validators.set(`#/components/schemas/${name}`, ajv.compile({ $ref: `cim-openapi#/components/schemas/${name}` }));
  // Header values are text: coerced to the schema's type ("3" is an integer 3) before the check (inside an object, where ajv can coerce).
  const headerAjv = new Ajv2020({ strict: false, coerceTypes: true });
  const headerValidators = new Map(Object.entries(document.components.headers).map(([name, h]) => [name.toLowerCase(), headerAjv.compile({ properties: { value: h.schema } })]));
  compiled = { document, validators, headerValidators };
  return compiled;
}

/** Literal paths before parameterised ones, so /v1/customers/from-transaction is not taken for /v1/customers/:id. */
const MATCHERS = [...OPERATIONS]
  .sort((a, b) => (a.path.match(/:/g)?.length ?? 0) - (b.path.match(/:/g)?.length ?? 0))
  .map((op) => ({ op, pattern: new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`) }));

export function operationFor(method: string, path: string): Operation | undefined {
  const m = method.toLowerCase();
  return MATCHERS.find(({ op, pattern }) => op.method === m && pattern.test(path))?.op;
}

function headerProblems(where: string, response: ResponseObject, headers: Headers): string[] {
  const { document, headerValidators } = setup();
  const documented = new Map(Object.values(response.headers ?? {}).map(({ $ref }) => {
    const name = $ref.split('/').at(-1)!;
    return [name.toLowerCase(), { name, ...document.components.headers[name]! }] as const;
  }));
  const problems: string[] = [];
  for (const [name, value] of headers) {
    if (HTTP_HEADERS.has(name)) continue;
    if (!documented.has(name)) problems.push(`${where}: sends header ${name}, which the document does not list for this answer (server/src/openapi/headers.ts)`);
    else if (!headerValidators.get(name)!({ value })) problems.push(`${where}: header ${name}: ${JSON.stringify(value)} does not match its schema`);
  }
  for (const [lower, h] of documented) if (h.required && !headers.has(lower)) problems.push(`${where}: required header ${h.name} is missing`);
  return problems;
}

/** Problems with one answer (empty when it matches the document). Undocumented paths are not checked. */
export function answerProblems(method: string, url: string, status: number, body: string, headers: Headers): string[] {
  const path = new URL(url, 'http://cim.test').pathname;
  const op = operationFor(method, path);
  if (!op) return [];
  const { document, validators } = setup();
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const responses = document.paths[openApiPath(op.path)]![op.method]!.responses;
  const response = responses[String(status)] ?? (status >= 400 ? responses['default'] : undefined);
  if (!response) return [`${where}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
  const problems = headerProblems(where, response, headers);
  if (problems.length > 0) return problems;
  const ref = response.content?.['application/json'].schema.$ref;
  if (!ref) return body === '' ? [] : [`${where}: documented without a body, answered ${body.slice(0, 200)}`];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`${where}: not JSON: ${body.slice(0, 200)}`];
  }
  const validate = validators.get(ref)!;
  if (!validate(parsed)) return [`${where}: does not match ${ref}: ${JSON.stringify(validate.errors?.slice(0, 5))}`];
  if (status >= 400 && !op.public) {
    const code = (parsed as { error: { code: string } }).error.code;
    if (!(errorCodesOf(op) as string[]).includes(code)) return [`${where}: error code ${code} is not in the operation's documented codes (server/src/openapi/operations.ts)`];
  }
  return [];
}

/** Throws when an answer does not match the document; returns it untouched otherwise. */
export async function checkAnswer(method: string, url: string, res: Response): Promise<Response> {
  const problems = answerProblems(method, url, res.status, await res.clone().text(), res.headers);
  if (problems.length > 0) throw new Error(`Answer does not match /openapi.json:\n${problems.join('\n')}`);
  return res;
}
