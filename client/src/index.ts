export { createCimClient, ok } from './client.ts';
export type { CimClient, CimClientOptions } from './client.ts';
export { CimApiError } from './errors.ts';
export type { CimErrorCode } from './errors.ts';
export { IDEMPOTENCY_HEADER, retryAfterMs } from './retrying-fetch.ts';
export type { RetryOptions } from './retrying-fetch.ts';
export type { components, operations, paths } from './schema.ts';
