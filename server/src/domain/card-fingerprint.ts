import { normalizeCardNumber } from '@cim/shared';
import type { DomainContext } from './context.ts';

/**
 * A card number's keyed fingerprint (the merchant's HMAC key, as duplicate detection uses)
 * in hex, for the per-card rate limit; null when the input is not a card number yet
 * (validation answers that). Never an unkeyed hash: 16 digits are too few to hide in one.
 */
export async function cardFingerprintHex(ctx: Pick<DomainContext, 'store' | 'keyring' | 'merchantId'>, number: string): Promise<string | null> {
  const digits = normalizeCardNumber(number);
  if (digits === null || digits.length < 12) return null;
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  return Buffer.from(crypto.fingerprint('card', digits)).subarray(0, 16).toString('hex');
}
