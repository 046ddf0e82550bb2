import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

/**
 * Verifies CIM checkout result tokens on a merchant's server, offline: the public keys come from
 * CIM's JWKS (fetched once, cached, refetched for an unknown `kid` after a key rotation).
 * Everything a token could lie about is pinned, never read from the token: the algorithm (EdDSA),
 * the issuer (your CIM), the audience (your merchant id), the type (`cim-checkout+jwt`), a
 * lifetime of at most 15 minutes. This checks a token; it does not use it up: charge with it, or
 * redeem it (`POST /v1/tokens/redeem`), to make it single-use.
 */

/** What a verified token says: ids to charge and masked card data to show, never more. */
export interface CheckoutClaims {
  iss: string;
  aud: string;
  sub: string;
  customerProfileId: string;
  paymentProfileId: string;
  shippingAddressId?: string;
  card: { brand: string; last4: string; expMonth: number; expYear: number };
  /** Present when the session was bound to an amount: a charge by the token can be no more. */
  amount?: string;
  currency?: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface VerifierOptions {
  /** Your CIM server's public URL (its `CIM_PUBLIC_URL`): the issuer, and where the JWKS is. */
  cimUrl: string;
  /** Your merchant id (`mer_…`): tokens issued to another merchant are refused. */
  merchantId: string;
  /** Keys to verify with instead of fetching `${cimUrl}/.well-known/jwks.json` (tests, pinned keys). */
  keys?: JWTVerifyGetKey;
}

export type CheckoutTokenErrorCode = 'token_invalid' | 'token_expired' | 'token_wrong_merchant';

/** A token that did not verify; `code` is stable, `cause` keeps jose's error. */
export class CheckoutTokenError extends Error {
  readonly code: CheckoutTokenErrorCode;

  constructor(code: CheckoutTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckoutTokenError';
    this.code = code;
  }
}

export const TOKEN_TYPE = 'cim-checkout+jwt';

export function createCheckoutVerifier(options: VerifierOptions): (token: string) => Promise<CheckoutClaims> {
  const issuer = options.cimUrl.replace(/\/+$/, '');
  const keys = options.keys ?? createRemoteJWKSet(new URL('/.well-known/jwks.json', `${issuer}/`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify<CheckoutClaims>(token, keys, {
        algorithms: ['EdDSA'],
        issuer,
        audience: options.merchantId,
        typ: TOKEN_TYPE,
        maxTokenAge: '15m',
        requiredClaims: ['sub', 'customerProfileId', 'paymentProfileId', 'card', 'jti', 'iat', 'exp'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new CheckoutTokenError('token_expired', 'The token has expired.', { cause: error });
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
        throw new CheckoutTokenError('token_wrong_merchant', 'The token was issued to another merchant.', { cause: error });
      }
      if (error instanceof errors.JOSEError) throw new CheckoutTokenError('token_invalid', 'The token is not a valid CIM checkout token.', { cause: error });
      throw error;
    }
  };
}
