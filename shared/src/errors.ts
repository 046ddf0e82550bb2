/**
 * Stable error codes. Clients branch on `code`; messages may change.
 * Each code's HTTP status lives in the server's single error mapper.
 */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'unauthorized',
  'forbidden',
  'password_change_required',
  'not_found',
  'duplicate_customer',
  'duplicate_payment_profile',
  'duplicate_shipping_address',
  'payment_profile_limit',
  'shipping_address_limit',
  'invalid_card_number',
  'invalid_expiry',
  'card_expired',
  'invalid_cvc',
  'invalid_routing_number',
  'card_not_verified',
  'payment_profile_provisional',
  'origin_not_allowed',
  'session_expired',
  'session_card_limit',
  'rate_limited',
  'token_invalid',
  'token_expired',
  'token_already_used',
  'token_wrong_merchant',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'duplicate_transaction',
  'invalid_amount',
  'transaction_state',
  'amount_exceeds_limit',
  'amount_exceeds_session',
  'processor_error',
  'conflict',
  'cannot_disable_self',
  'last_enabled_admin',
  'database_unavailable',
  'key_version_unavailable',
  'card_data_not_allowed',
  'forward_host_not_allowed',
  'forward_failed',
  'forward_timeout',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error body every failing request answers with. */
export interface ErrorBody {
  /** existingId: the record a duplicate collides with; transactionId: the transaction whose processor answer is not known yet. */
  error: { code: ErrorCode; message: string; field?: string; requestId: string; existingId?: string; transactionId?: string };
}
