import createClient, { type Middleware } from 'openapi-fetch';
import { CimApiError } from './errors.ts';
import { retryingFetch, type RetryOptions } from './retrying-fetch.ts';
import type { paths } from './schema.ts';

export interface CimClientOptions extends RetryOptions {
  /** Where CIM answers, e.g. https://cim.example.com (no /v1: paths carry it). */
  baseUrl: string;
  /** The merchant's secret key (sk_…). Server side only. */
  secretKey: string;
  /** The fetch to send with (default: the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

/** Every answer that is not a success becomes a CimApiError, after the retries. */
const throwOnError: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw new CimApiError(response.status, body, response.headers.get('X-Request-Id'));
  },
};

/**
 * A typed client for CIM's merchant API, generated from its OpenAPI document (/openapi.json):
 * paths, parameters, bodies and answers are checked by TypeScript.
 *
 *   const cim = createCimClient({ baseUrl, secretKey });
 *   const customer = await ok(cim.POST('/v1/customers', { body: { merchantCustomerId: 'c-1' } }));
 *   const charge = await ok(cim.POST('/v1/transactions', { body, params: { header: { 'Idempotency-Key': orderId } } }));
 *
 * Every POST carries an Idempotency-Key (yours, or a random one kept across retries); 429, 503
 * and network errors are retried with backoff; a failure throws CimApiError with CIM's stable code.
 */
export function createCimClient(options: CimClientOptions) {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { Authorization: `Bearer ${options.secretKey}` },
    fetch: retryingFetch(send, options),
  });
  client.use(throwOnError);
  return client;
}

export type CimClient = ReturnType<typeof createCimClient>;

/**
 * The answer's data. The client throws on failures, so what is left is the success; for a
 * 204 (a delete) it is undefined.
 */
export async function ok<R extends { data?: unknown; response: Response }>(call: Promise<R>): Promise<Data<R>> {
  const { data } = await call;
  return data as Data<R>;
}

/** The success body's type; undefined for an operation that answers none (204). */
type Data<R extends { data?: unknown }> = [NonNullable<R['data']>] extends [never] ? undefined : NonNullable<R['data']>;
