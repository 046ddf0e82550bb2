import { IDEMPOTENCY_HEADER, REPLAY_HEADER } from '../http/idempotency.ts';
import type { Operation } from './operations.ts';

/**
 * The response headers merchants rely on, as the document's `components.headers`, and which
 * answers carry which. answer-check.ts holds real answers to this: a header the server sends
 * that the operation's answer does not list here fails the route tests.
 */
const IDEMPOTENCY_KEY_SCHEMA = { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } as const;
// Structured-field lists (RFC 9651) of draft-ietf-httpapi-ratelimit-headers-10: one item per bucket the request took from.
const sfList = (params: string) => `^"[A-Za-z]+"${params}(, "[A-Za-z]+"${params})*$`;

export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description: 'The id of this request: the X-Request-Id you sent (1–255 letters, digits, _, - or =), else a new UUID. Error bodies repeat it as error.requestId; quote it when asking about a request.',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9_=-]{1,255}$' },
  },
  [REPLAY_HEADER]: {
    description: 'true on an answer replayed for a repeated Idempotency-Key: the status and body of the first answer, and nothing was done again.',
    schema: { type: 'string', enum: ['true'] },
  },
  [IDEMPOTENCY_HEADER]: {
    description: 'On a replayed answer, the Idempotency-Key it was stored under.',
    schema: IDEMPOTENCY_KEY_SCHEMA,
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again: on 429 (rate_limited), 503 (database_unavailable, key_version_unavailable, /ready not ready) and 409 idempotency_in_progress.',
    schema: { type: 'integer', minimum: 1 },
  },
  RateLimit: {
    description: 'What is left of each rate-limit bucket this request took from (draft-ietf-httpapi-ratelimit-headers-10): "name";r=requests left;t=seconds until full again, one item per bucket. Also on the 429.',
    schema: { type: 'string', pattern: sfList(';r=\\d+;t=\\d+') },
  },
  'RateLimit-Policy': {
    description: 'The policy of each bucket named in RateLimit: "name";q=requests;w=seconds to refill them all.',
    schema: { type: 'string', pattern: sfList(';q=\\d+;w=\\d+') },
  },
} as const;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

/** The Idempotency-Key request header, as the document's `components.parameters.IdempotencyKey`. */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: IDEMPOTENCY_HEADER,
  in: 'header',
  required: false,
  description: 'Any 1–255 visible ASCII characters; a retry with the same key and body answers the first result (24 h), with Idempotent-Replayed: true.',
  schema: IDEMPOTENCY_KEY_SCHEMA,
} as const;

/** A POST with the secret key: the idempotency middleware stores and replays its answers. */
export const acceptsIdempotencyKey = (op: Pick<Operation, 'method' | 'public'>) => op.method === 'post' && !op.public;

/** The headers an operation's answer with `status` (a number, or 'default' for any other) may carry. */
export function headersOf(op: Operation, status: string): ResponseHeaderName[] {
  const code = status === 'default' ? undefined : Number(status);
  const names: ResponseHeaderName[] = ['X-Request-Id'];
  // Answers below 500 other than 429 are stored, so a retry may get them replayed.
  if (acceptsIdempotencyKey(op) && code !== undefined && code < 500 && code !== 429) names.push(REPLAY_HEADER, IDEMPOTENCY_HEADER);
  if (code === undefined || code === 429 || code === 503 || (code === 409 && acceptsIdempotencyKey(op))) names.push('Retry-After');
  if (op.rateLimited) names.push('RateLimit', 'RateLimit-Policy');
  return names;
}
