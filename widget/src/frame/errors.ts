import { ApiError } from './api.ts';
import type { MessageKey } from './i18n/index.ts';

const KEYS: Record<string, MessageKey> = {
  session_expired: 'sessionExpired',
  unauthorized: 'sessionExpired',
  network_error: 'networkError',
  rate_limited: 'rateLimited',
  session_card_limit: 'cardLimit',
  payment_profile_limit: 'cardLimit',
  duplicate_payment_profile: 'duplicateCard',
  invalid_card_number: 'numberInvalid',
  invalid_expiry: 'expiryInvalid',
  card_expired: 'expiryPast',
  invalid_cvc: 'cvcIncomplete',
  card_not_verified: 'cardNotVerified',
};

/** A stable code for the element and a message in the shopper's language for the form. */
export function describeError(error: unknown): { code: string; key: MessageKey } {
  const code = error instanceof ApiError ? (error.code === 'unauthorized' ? 'session_expired' : error.code) : 'internal_error';
  return { code, key: KEYS[code] ?? 'genericError' };
}
