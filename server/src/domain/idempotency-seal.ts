import { answerCiphertext, answerText, SEALED_ANSWER_PREFIX } from '../store/sealed-tables.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';

/** The record a stored answer is bound to: merchant (by the key used) + Idempotency-Key. */
export const answerRecordOf = (key: string) => `idempotency:${Buffer.from(key, 'utf8').toString('hex')}`;

/**
 * A stored answer may hold a live session token, card expiry and last 4: it is kept
 * AES-256-GCM-sealed under the merchant's data key, bound to merchant + Idempotency-Key,
 * and opened byte for byte on replay.
 */
export function sealResponse(crypto: MerchantCrypto, key: string, body: string): string {
  if (body === '') return '';
  return answerText(crypto.seal(answerRecordOf(key), 'response', body));
}

/** A stored answer as it was sent. Rows written before answers were sealed (at most 24 h old) come back as they are. */
export function openResponse(crypto: MerchantCrypto, key: string, stored: string): string {
  if (!stored.startsWith(SEALED_ANSWER_PREFIX)) return stored;
  return crypto.open(answerRecordOf(key), 'response', answerCiphertext(stored));
}
