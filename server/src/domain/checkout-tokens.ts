import { randomBytes } from 'node:crypto';
import type { CheckoutTokenClaims } from '@cim/shared';
import { errors, type JWTHeaderParameters } from 'jose';
import { CimError } from '../errors.ts';
import { CHECKOUT_TOKEN_TTL_SECONDS, CheckoutTokenError, signCheckoutToken, verifyCheckoutJwt } from '../tokens/checkout-jwt.ts';
import type { DomainContext } from './context.ts';
import { emit } from './webhook-events.ts';
import type { SigningKeyRing } from './signing-keys.ts';

/** A domain context that can also sign and verify result tokens. */
export interface TokenContext extends DomainContext {
  signingKeys: SigningKeyRing;
}

export type CheckoutTokenSubject = Pick<CheckoutTokenClaims, 'customerProfileId' | 'paymentProfileId' | 'shippingAddressId' | 'card' | 'amount' | 'currency'>;

/** Signs a result token for the context's merchant: profile ids and display card data only. */
export async function issueCheckoutToken(ctx: TokenContext, subject: CheckoutTokenSubject): Promise<{ token: string; claims: CheckoutTokenClaims }> {
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  const claims: CheckoutTokenClaims = {
    iss: ctx.signingKeys.issuer,
    aud: ctx.merchantId,
    sub: subject.customerProfileId,
    customerProfileId: subject.customerProfileId,
    paymentProfileId: subject.paymentProfileId,
    ...(subject.shippingAddressId !== undefined && { shippingAddressId: subject.shippingAddressId }),
    card: { brand: subject.card.brand, last4: subject.card.last4, expMonth: subject.card.expMonth, expYear: subject.card.expYear },
    ...(subject.amount !== undefined && subject.currency !== undefined && { amount: subject.amount, currency: subject.currency }),
    jti: randomBytes(18).toString('base64url'),
    iat,
    exp: iat + CHECKOUT_TOKEN_TTL_SECONDS,
  };
  return { token: signCheckoutToken(claims, await ctx.signingKeys.signer()), claims };
}

/** Verifies a result token for the context's merchant without using it up. */
export async function verifyCheckoutToken(ctx: TokenContext, token: string): Promise<CheckoutTokenClaims> {
  const key = async (header: JWTHeaderParameters) => {
    const found = typeof header.kid === 'string' ? await ctx.signingKeys.verificationKey(header.kid) : null;
    if (!found) throw new errors.JWKSNoMatchingKey();
    return found;
  };
  try {
    return await verifyCheckoutJwt(token, key, { issuer: ctx.signingKeys.issuer, audience: ctx.merchantId, now: ctx.clock.now() });
  } catch (error) {
    if (error instanceof CheckoutTokenError) throw new CimError(error.code, error.message, { cause: error.cause ?? error });
    throw error;
  }
}

/**
 * Verifies a result token and marks its jti used, once: of any number of
 * concurrent redemptions exactly one succeeds and the rest get token_already_used.
 * Used by POST /v1/tokens/redeem and by charges that pass `{token}`.
 */
export async function redeemCheckoutToken(ctx: TokenContext, token: string): Promise<CheckoutTokenClaims> {
  const claims = await verifyCheckoutToken(ctx, token);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.tokenUses.insert({ jti: claims.jti, merchantId: ctx.merchantId, usedAt: now.toISOString(), expiresAt: new Date(claims.exp * 1000).toISOString() });
    await emit(ctx, tx, 'token.redeemed', { tokenId: claims.jti, customerProfileId: claims.customerProfileId, paymentProfileId: claims.paymentProfileId, card: { brand: claims.card.brand, last4: claims.card.last4 } });
  });
  return claims;
}

/** Forgets the ids of tokens that have expired: they fail verification before the jti is looked at. */
export function pruneUsedTokens(ctx: Pick<DomainContext, 'store' | 'clock'>): Promise<number> {
  return ctx.store.tokenUses.deleteExpiredBefore(ctx.clock.now().toISOString());
}
