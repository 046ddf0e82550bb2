import type { CheckoutTokenClaims } from '@cim/shared';
import { createRemoteJWKSet } from 'jose';
import { CheckoutTokenError, verifyCheckoutJwt } from '../tokens/checkout-jwt.ts';

/**
 * For merchants' servers (`import { verifyCheckoutToken } from '@cim/server/verify'`):
 * verifies a result token offline against CIM's published keys. It does not mark
 * the token used; redeem it with POST /v1/tokens/redeem where single use matters.
 */
export interface VerifyOptions {
  /** e.g. https://cim.example.com/.well-known/jwks.json */
  jwksUrl: string | URL;
  /** Your merchant id: the token's audience. */
  merchantId: string;
  /** CIM_PUBLIC_URL of the issuing server; defaults to jwksUrl without /.well-known/jwks.json. */
  issuer?: string;
}

// One remote key set per URL: jose caches the keys and refetches on an unknown kid.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(url: URL) {
  let set = keySets.get(url.href);
  if (!set) {
    set = createRemoteJWKSet(url);
    keySets.set(url.href, set);
  }
  return set;
}

/**
 * Resolves with the claims, or rejects with a CheckoutTokenError whose `code` is
 * token_invalid, token_expired or token_wrong_merchant (`cause` keeps jose's error).
 * Network failures reaching the JWKS are rethrown as they are.
 */
export function verifyCheckoutToken(token: string, options: VerifyOptions): Promise<CheckoutTokenClaims> {
  const url = new URL(options.jwksUrl);
  const issuer = options.issuer ?? url.href.replace(/\/\.well-known\/jwks\.json$/, '');
  return verifyCheckoutJwt(token, keySetFor(url), { issuer, audience: options.merchantId });
}

export { CheckoutTokenError };
export type { CheckoutTokenClaims };
