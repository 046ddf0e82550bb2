import type { CardBrand } from './card/brands.ts';

/** JOSE `typ` header values: each token kind is its own type so one can't stand in for another. */
export const TOKEN_TYPES = {
  checkoutResult: 'cim-checkout+jwt',
} as const;

export const TOKEN_ALGORITHM = 'EdDSA' as const;

/** Claims of the result token the widget hands to the merchant's page. Exactly these, nothing else. */
export interface CheckoutTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  customerProfileId: string;
  paymentProfileId: string;
  shippingAddressId?: string;
  card: { brand: CardBrand; last4: string; expMonth: number; expYear: number };
  /** The session's bound amount (decimal string) and currency: a charge by this token may not exceed it. */
  amount?: string;
  currency?: string;
  jti: string;
  iat: number;
  exp: number;
}
