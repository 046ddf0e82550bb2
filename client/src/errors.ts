import type { components } from './schema.ts';

/** The stable error codes CIM answers (`error.code`); branch on them, not on messages. */
export type CimErrorCode = components['schemas']['Error']['error']['code'];

type ErrorBody = components['schemas']['Error'];

/** A CIM error answer, after any retries: `code` is stable, `message` is for people. */
export class CimApiError extends Error {
  readonly status: number;
  /** `unreadable_answer` when the answer was not CIM's error body (a proxy's page, say). */
  readonly code: CimErrorCode | 'unreadable_answer';
  /** The request field at fault, as a dotted path. */
  readonly field: string | undefined;
  /** Quote it to CIM's operator: the same id is in CIM's logs. */
  readonly requestId: string | undefined;
  /** duplicate_*: the record the request collides with. */
  readonly existingId: string | undefined;
  /** processor_error: the transaction whose processor answer is not known yet (resolve it later). */
  readonly transactionId: string | undefined;

  constructor(status: number, body: unknown, requestId: string | null) {
    const error = isErrorBody(body) ? body.error : undefined;
    super(error?.message ?? `CIM answered ${status} without its error body.`);
    this.name = 'CimApiError';
    this.status = status;
    this.code = error?.code ?? 'unreadable_answer';
    this.field = error?.field;
    this.requestId = error?.requestId ?? requestId ?? undefined;
    this.existingId = error?.existingId;
    this.transactionId = error?.transactionId;
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}
