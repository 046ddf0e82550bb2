import { randomBytes, randomInt } from 'node:crypto';

/**
 * Numeric string ids as the Authorize.Net wire format needs them: ten random
 * digits (no leading zero), so one id says nothing about another.
 */
export function newNumericId(): string {
  return String(randomInt(1_000_000_000, 9_999_999_999));
}

/** A random token with a readable prefix: `sk_…`, `cs_…`. 32 bytes of entropy. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Authorize.Net-style credential text: letters and digits only. */
export function newAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

export function newOpaqueId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/**
 * The canonical form of a record id: what newNumericId makes. "0123" is not
 * "123": one record, one spelling.
 */
export function isRecordId(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value);
}
