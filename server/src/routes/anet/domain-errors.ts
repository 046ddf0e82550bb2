import type { ErrorCode } from '@cim/shared';
import { CimError } from '../../errors.ts';
import { ANET_TEXT, AnetError, type AnetCode } from './messages.ts';

/** Field paths of domain errors in Authorize.Net's words. */
const LABELS: Record<string, string> = {
  'card.number': 'Card Number',
  'card.expMonth': 'Expiration Date',
  'card.cvc': 'Card Code',
  'bankAccount.routingNumber': 'Routing Number',
  amount: 'Amount',
  trialAmount: 'Trial Amount',
  startDate: 'Start Date',
};

const BY_CODE: Partial<Record<ErrorCode, AnetCode>> = {
  not_found: 'E00040',
  duplicate_customer: 'E00039',
  duplicate_payment_profile: 'E00039',
  duplicate_shipping_address: 'E00039',
  payment_profile_limit: 'E00042',
  shipping_address_limit: 'E00043',
  invalid_card_number: 'E00013',
  invalid_expiry: 'E00013',
  card_expired: 'E00013',
  invalid_cvc: 'E00013',
  invalid_routing_number: 'E00013',
  invalid_request: 'E00013',
  invalid_amount: 'E00013',
  origin_not_allowed: 'E00013',
  payment_profile_provisional: 'E00013',
};

const DUPLICATE_TEXT: Partial<Record<ErrorCode, string>> = {
  duplicate_payment_profile: 'A duplicate customer payment profile already exists.',
  duplicate_shipping_address: 'A duplicate customer shipping address already exists.',
};

/**
 * Turns a domain failure into the Authorize.Net message the real service gives
 * for the same situation. Domain messages never carry card data, so they may be shown.
 */
export function fromDomainError(error: CimError): AnetError {
  const code = BY_CODE[error.code];
  if (!code) return new AnetError('E00001');
  if (code === 'E00039') {
    const text = DUPLICATE_TEXT[error.code] ?? (error.existingId ? `A duplicate record with ID ${error.existingId} already exists.` : ANET_TEXT.E00039);
    return new AnetError(code, text);
  }
  if (code === 'E00013') {
    const label = error.field ? LABELS[error.field] : undefined;
    return new AnetError(code, label ? `${label} is invalid.` : error.message);
  }
  return new AnetError(code);
}

export const isDomainError = (error: unknown): error is CimError => error instanceof CimError;
