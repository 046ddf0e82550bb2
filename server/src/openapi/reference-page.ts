import { ERROR_CODES } from '@cim/shared';
import { createHash } from 'node:crypto';
import { statusFor } from '../http/error-handler.ts';

/**
 * The API reference page, server-rendered from the OpenAPI document: operations, parameters,
 * bodies, answers with their error codes, schemas and the error-code table. Plain HTML and one
 * inline stylesheet (allowed by its hash): no script, no CDN, nothing fetched.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema: Schema };
type Header = { description: string; required?: boolean; schema: Schema };
type Ref = { $ref: string };
type Response = { description: string; content?: Record<string, { schema: Schema }>; headers?: Record<string, Ref>; 'x-error-codes'?: string[] };
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security?: unknown[];
  parameters?: Array<Parameter | Ref>;
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
};
type Document = {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter>; headers: Record<string, Header> };
};

const esc = (v: unknown) => String(v).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const refName = (ref: string) => ref.split('/').at(-1)!;
const schemaLink = (name: string) => `<a href="#schema-${esc(name)}"><code>${esc(name)}</code></a>`;
const headerLink = (name: string) => `<a href="#header-${esc(name)}"><code>${esc(name)}</code></a>`;

function typeOf(s: Schema): string {
  if (s.$ref) return schemaLink(refName(s.$ref));
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  if (s.enum) return s.enum.map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeOf).join(' | ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'any'}[]`;
  if (Array.isArray(s.type)) return s.type.map((t) => esc(t)).join(' | ');
  if (s.type === 'object' && s.properties) return 'object';
  return esc(s.format ? `${s.type ?? 'any'} (${s.format})` : (s.type ?? 'any'));
}

function constraints(s: Schema): string {
  const parts: string[] = [];
  if (s.format) parts.push(`format ${s.format}`);
  if (s.minLength !== undefined) parts.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) parts.push(`max length ${s.maxLength}`);
  if (s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${s.maximum}`);
  if (s.pattern && !s.format) parts.push(`pattern <code>${esc(s.pattern)}</code>`);
  if (s.default !== undefined) parts.push(`default <code>${esc(JSON.stringify(s.default))}</code>`);
  return parts.map((p) => (p.startsWith('pattern') || p.startsWith('default') ? p : esc(p))).join(', ');
}

function propertiesTable(s: Schema): string {
  if (!s.properties) return `<p>${typeOf(s)}</p>`;
  const rows = Object.entries(s.properties).map(([name, p]) => {
    const nested = p.type === 'object' && p.properties ? propertiesTable(p) : '';
    const detail = [p.description ? esc(p.description) : '', constraints(p)].filter(Boolean).join('<br>');
    return `<tr><td><code>${esc(name)}</code>${s.required?.includes(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(p)}${nested}</td><td>${detail}</td></tr>`;
  });
  return `<table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function bodySchema(content: Record<string, { schema: Schema }> | undefined): string {
  const schema = content?.['application/json']?.schema;
  return schema ? typeOf(schema) : '';
}

function operationSection(method: string, path: string, op: Operation, components: Document['components']): string {
  const params = (op.parameters ?? []).map((p) => ('$ref' in p ? components.parameters[refName(p.$ref)]! : p));
  const paramRows = params
    .map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${esc(p.in)}</td><td>${typeOf(p.schema)}</td><td>${[p.description ? esc(p.description) : '', constraints(p.schema)].filter(Boolean).join('<br>')}</td></tr>`)
    .join('');
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const codes = r['x-error-codes']?.map((c) => `<a href="#error-${esc(c)}"><code>${esc(c)}</code></a>`).join(', ');
      const headers = Object.keys(r.headers ?? {}).map(headerLink).join(', ');
      return `<tr><td><code>${esc(status)}</code></td><td>${codes ?? esc(r.description)}</td><td>${bodySchema(r.content)}</td><td>${headers}</td></tr>`;
    })
    .join('');
  return `<section class="op" id="${esc(op.operationId)}">
<h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}${op.security?.length === 0 ? ' <span class="tag">no key</span>' : ''}</p>
${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params.length ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr></thead><tbody>${paramRows}</tbody></table>` : ''}
${op.requestBody ? `<h4>Body${op.requestBody.required ? '' : ' (optional: may be sent empty, without Content-Type)'}</h4><p>${bodySchema(op.requestBody.content)}</p>` : ''}
<h4>Answers</h4><table><thead><tr><th>Status</th><th>Meaning / error codes</th><th>Body</th><th>Headers</th></tr></thead><tbody>${responses}</tbody></table>
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#fff}
main{max-width:68rem;margin:0 auto;padding:1rem 1.5rem 4rem}nav ul{columns:2;padding-left:1.2rem}
h2{border-bottom:1px solid #d6dbe3;padding-bottom:.3rem;margin-top:2.5rem}h3{margin:0 0 .3rem}h4{margin:.8rem 0 .3rem}
.op{border:1px solid #d6dbe3;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border:1px solid #e3e7ee;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f9}code{font:13px ui-monospace,monospace}.req{color:#a3262a;font-size:12px}
.method{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:0 .3rem}
.get{background:#1f6feb}.post{background:#1a7f37}.patch{background:#9a6700}.put{background:#8250df}.delete{background:#cf222e}
.tag{background:#eef1f5;border-radius:4px;padding:0 .3rem;font-size:12px}a{color:#0b57d0}`;

/** The page's Content-Security-Policy: its own stylesheet by hash, nothing else. */
export const REFERENCE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderReference(document: Document): string {
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationSection(method, path, op, document.components)]);
      toc.set(tag, [...(toc.get(tag) ?? []), `<li><a href="#${esc(op.operationId)}">${esc(method.toUpperCase())} <code>${esc(path)}</code></a></li>`]);
    }
  }
  const schemas = Object.entries(document.components.schemas)
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3><code>${esc(name)}</code></h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}${propertiesTable(s)}</section>`)
    .join('');
  const headers = Object.entries(document.components.headers)
    .map(([name, h]) => `<tr id="header-${esc(name)}"><td><code>${esc(name)}</code>${h.required ? ' <span class="req">always</span>' : ''}</td><td>${typeOf(h.schema)}</td><td>${[esc(h.description), constraints(h.schema)].filter(Boolean).join('<br>')}</td></tr>`)
    .join('');
  const errors = ERROR_CODES.map((c) => `<tr id="error-${esc(c)}"><td><code>${esc(c)}</code></td><td>${statusFor(c)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(document.info.title)} reference</title><style>${STYLE}</style></head>
<body><main>
<h1>${esc(document.info.title)}</h1>
<p>${esc(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1). Every <code>/v1</code> request carries <code>Authorization: Bearer sk_…</code>; every failure answers the <a href="#schema-Error"><code>Error</code></a> body with a stable <a href="#errors">code</a>. A POST may carry an <code>Idempotency-Key</code>: a retry with the same key answers the first result.</p>
<nav><h2>Operations</h2>${[...toc].map(([tag, items]) => `<h3>${esc(tag)}</h3><ul>${items.join('')}</ul>`).join('')}</nav>
${[...byTag].map(([tag, sections]) => `<h2>${esc(tag)}</h2>${sections.join('')}`).join('')}
<h2 id="headers">Response headers</h2><p>Each answer's row above names the ones it may carry.</p>
<table><thead><tr><th>Header</th><th>Type</th><th>Meaning</th></tr></thead><tbody>${headers}</tbody></table>
<h2 id="errors">Error codes</h2><p>Branch on <code>error.code</code>; the message may change.</p>
<table><thead><tr><th>Code</th><th>HTTP status</th></tr></thead><tbody>${errors}</tbody></table>
<h2>Schemas</h2>${schemas}
</main></body></html>`;
}
