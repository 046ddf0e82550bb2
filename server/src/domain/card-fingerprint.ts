import { normalizeCardNumber, type BankAccountInput } from '@cim/shared';
import type { MerchantCrypto } from '../vault/keyring.ts';
import type { DomainContext } from './context.ts';

/**
 * The keyed fingerprint of a card number: one merchant's same card always has the same one, so
 * duplicate detection (the vault, transactions, imports) compares these, never numbers.
 */
export const cardFingerprint = (crypto: MerchantCrypto, digits: string): Uint8Array => crypto.fingerprint('card', digits);

/** The keyed fingerprint of a bank account: routing and account number together. */
export const bankFingerprint = (crypto: MerchantCrypto, bank: Pick<BankAccountInput, 'routingNumber' | 'accountNumber'>): Uint8Array =>
  crypto.fingerprint('bank', `${bank.routingNumber}:${bank.accountNumber}`);

/**
 * A card number's keyed fingerprint (the merchant's HMAC key, as duplicate detection uses)
 * in hex, for the per-card rate limit; null when the input is not a card number yet
 * (validation answers that). Never an unkeyed hash: 16 digits are too few to hide in one.
 */
export async function cardFingerprintHex(ctx: Pick<DomainContext, 'store' | 'keyring' | 'merchantId'>, number: string): Promise<string | null> {
  const digits = normalizeCardNumber(number);
  if (digits === null || digits.length < 12) return null;
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  return Buffer.from(cardFingerprint(crypto, digits)).subarray(0, 16).toString('hex');
}
