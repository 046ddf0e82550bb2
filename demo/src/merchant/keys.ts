import { readFileSync, statSync } from 'node:fs';

/**
 * The demo merchant's credentials as the launcher saved them: the shop's equivalent of a
 * secrets manager entry. Only the shop server reads it; it is never sent to a browser.
 */
export interface MerchantKeys {
  /** Also the `aud` of every result token issued to this merchant. */
  id: string;
  secretKey: string;
  /** The shop origin CIM lets frame the checkout; a new port means a new demo merchant. */
  allowedOrigins: string[];
}

export function readMerchantKeys(path: string): MerchantKeys {
  if ((statSync(path).mode & 0o077) !== 0) throw new Error(`${path} must be readable by its owner only (chmod 600).`);
  const keys = JSON.parse(readFileSync(path, 'utf8')) as Partial<MerchantKeys>;
  if (typeof keys.id !== 'string' || typeof keys.secretKey !== 'string' || !Array.isArray(keys.allowedOrigins)) {
    throw new Error(`${path} does not hold merchant credentials ({id, secretKey, allowedOrigins}).`);
  }
  return { id: keys.id, secretKey: keys.secretKey, allowedOrigins: keys.allowedOrigins };
}
