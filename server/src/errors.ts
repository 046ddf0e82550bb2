import type { ErrorCode } from '@cim/shared';

/**
 * A domain failure with a stable code. Domain and store code throw it knowing
 * nothing of HTTP; `http/error-handler.ts` is the one place that maps codes to statuses.
 */
export class CimError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** For duplicates: the id of the record that already exists. */
  readonly existingId: string | undefined;
  /** For rate limits: seconds until a retry may succeed. */
  readonly retryAfter: number | undefined;
  /** For processor errors: the transaction whose outcome is not known yet. */
  readonly transactionId: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; existingId?: string; retryAfter?: number; transactionId?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.existingId = options.existingId;
    this.retryAfter = options.retryAfter;
    this.transactionId = options.transactionId;
  }
}

/** Store-level: the row does not exist for this merchant (or belongs to another). */
export class NotFoundError extends CimError {
  constructor(what: string) {
    super('not_found', `${what} not found.`);
  }
}

/** Store-level: a unique constraint refused the write. */
/**
 * Store-level: a new record's random id is already in use (ids are 10 random digits, so at
 * volume two draws meet). The domain draws another id and tries again; never shown to a client.
 */
export class IdTakenError extends CimError {
  constructor(what: string) {
    super('conflict', `${what} id already in use.`);
  }
}

export class DuplicateError extends CimError {
  constructor(code: ErrorCode, message: string, existingId?: string) {
    super(code, message, existingId === undefined ? {} : { existingId });
  }
}
