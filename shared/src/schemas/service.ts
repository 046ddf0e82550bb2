import { z } from 'zod';
import { CARD_BRANDS } from '../card/brands.ts';
import { ERROR_CODES } from '../errors.ts';

/** Answers outside the resources: the error body, sessions, redeemed tokens, JWKS, health. */

/** The one body every failing request answers with (the ErrorBody type, as a schema). */
export const ErrorResponse = z.strictObject({
  error: z.strictObject({
    code: z.enum(ERROR_CODES).describe('Stable: branch on it. The message may change.'),
    message: z.string(),
    field: z.string().optional().describe('The request field at fault, as a dotted path'),
    requestId: z.string().describe('Also in the X-Request-Id header'),
    existingId: z.string().optional().describe('duplicate_*: the record it collides with'),
    transactionId: z.string().optional().describe('processor_error: the transaction whose processor answer is not known yet'),
  }),
});

/** POST /v1/sessions: the session token the page hands to <cim-checkout>. */
export const SessionCreated = z.strictObject({
  token: z.string().describe('cs_…: give it to the element; it expires'),
  expiresAt: z.string(),
  layout: z.string().describe("What the form will show first (e.g. 'checkout cards=2 shipping addresses=1'): give it to the element as its layout attribute, so its loading skeleton has the form's height"),
});
export type SessionCreated = z.infer<typeof SessionCreated>;

/** POST /v1/tokens/redeem: the verified claims of a checkout result token (CheckoutTokenClaims). */
export const RedeemedToken = z.strictObject({
  iss: z.string(),
  aud: z.string(),
  sub: z.string(),
  customerProfileId: z.string(),
  paymentProfileId: z.string(),
  shippingAddressId: z.string().optional(),
  card: z.strictObject({ brand: z.enum(CARD_BRANDS), last4: z.string(), expMonth: z.number().int(), expYear: z.number().int() }),
  amount: z.string().optional().describe('The amount the session bound: a charge by this token may not exceed it'),
  currency: z.string().optional(),
  jti: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export const Jwks = z.strictObject({
  keys: z.array(
    z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') }),
  ),
});

export const Health = z.strictObject({ ok: z.literal(true) });
export const Ready = z.strictObject({ ready: z.literal(true) });
export const NotReady = z.strictObject({ ready: z.literal(false), reason: z.literal('database_unavailable') });
