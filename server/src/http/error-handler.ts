import type { ErrorBody, ErrorCode } from '@cim/shared';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { CimError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** The one place where error codes become HTTP statuses. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  password_change_required: 403,
  not_found: 404,
  duplicate_customer: 409,
  duplicate_payment_profile: 409,
  duplicate_shipping_address: 409,
  payment_profile_limit: 409,
  shipping_address_limit: 409,
  invalid_card_number: 400,
  invalid_expiry: 400,
  card_expired: 400,
  invalid_cvc: 400,
  invalid_routing_number: 400,
  // The processor refused the card (a vault-mode save verifies it first): Stripe's card_error status.
  card_not_verified: 402,
  origin_not_allowed: 400,
  session_expired: 401,
  session_card_limit: 429,
  rate_limited: 429,
  token_invalid: 401,
  token_expired: 401,
  token_already_used: 409,
  token_wrong_merchant: 403,
  idempotency_key_reused: 409,
  idempotency_in_progress: 409,
  duplicate_transaction: 409,
  invalid_amount: 400,
  transaction_state: 409,
  amount_exceeds_limit: 400,
  amount_exceeds_session: 400,
  processor_error: 502,
  conflict: 409,
  // The console's staff page: an admin disabling their own account, or the merchant's last enabled admin.
  cannot_disable_self: 409,
  last_enabled_admin: 409,
  payment_profile_provisional: 409,
  database_unavailable: 503,
  // A ciphertext sealed under a data key version this instance had not loaded (a rotation began with --activate-in 0).
  key_version_unavailable: 503,
  card_data_not_allowed: 400,
  // The forwarding proxy (docs/forwarding.md): a destination the operator has not allowed, or a private address.
  forward_host_not_allowed: 403,
  // The destination failed, redirected, or answered more than the size cap.
  forward_failed: 502,
  forward_timeout: 504,
  internal_error: 500,
};

export const statusFor = (code: ErrorCode): ContentfulStatusCode => STATUS[code];

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  extra: { field?: string | undefined; existingId?: string | undefined; transactionId?: string | undefined } = {},
): ErrorBody {
  return {
    error: {
      code,
      message,
      ...(extra.field !== undefined && { field: extra.field }),
      ...(extra.existingId !== undefined && { existingId: extra.existingId }),
      ...(extra.transactionId !== undefined && { transactionId: extra.transactionId }),
      requestId,
    },
  };
}

export function errorResponse(c: Context, error: CimError) {
  if (error.retryAfter !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
  return c.json(errorBody(error.code, error.message, c.get('requestId') ?? '', { field: error.field, existingId: error.existingId, transactionId: error.transactionId }), statusFor(error.code));
}

export function makeErrorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof CimError) return errorResponse(c, error);
    if (error instanceof HTTPException) {
      const status = error.status;
      const code: ErrorCode = status === 413 ? 'body_too_large' : status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'invalid_request';
      return c.json(errorBody(code, error.message || 'The request could not be processed.', c.get('requestId') ?? ''), statusFor(code));
    }
    // Unknown errors: log the name and stack (never request bodies) and answer generically.
    logger.error('unhandled error', { requestId: c.get('requestId'), name: error.name, stack: error.stack });
    return c.json(errorBody('internal_error', 'Something went wrong on our side.', c.get('requestId') ?? ''), 500);
  };
}
