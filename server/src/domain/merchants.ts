import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import { newAlnum, newOpaqueId, newSecret } from '../ids.ts';
import type { MerchantRecord, Store } from '../store/types.ts';
import type { KeyRing } from '../vault/keyring.ts';

export interface MerchantCredentials {
  id: string;
  name: string;
  secretKey: string;
  apiLoginId: string;
  transactionKey: string;
  allowedOrigins: string[];
}

/** Secrets are 32 random bytes, so a fast hash is enough: there is nothing to brute-force. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * "https://shop.example:8443" exactly: scheme, host and port, nothing else.
 * The messages never echo the value: it came from a client and could be anything, card data too.
 */
export function normalizeOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CimError('invalid_request', 'origin must be a URL origin such as https://shop.example.', { field: 'origin' });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === 'null' || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new CimError('invalid_request', 'origin must be an http(s) origin only (scheme://host[:port]), with no path, query or credentials.', { field: 'origin' });
  }
  return url.origin;
}

/** Creates a merchant with fresh credentials; the secrets are returned once and stored only as hashes. */
export async function createMerchant(deps: { store: Store; keyring: KeyRing; clock: Clock }, input: { name: string; origins: string[] }): Promise<MerchantCredentials> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new CimError('invalid_request', 'A merchant name of 1 to 100 characters is required.', { field: 'name' });
  const allowedOrigins = [...new Set(input.origins.map(normalizeOrigin))];
  const credentials: MerchantCredentials = {
    id: newOpaqueId('mer'),
    name,
    secretKey: newSecret('sk'),
    apiLoginId: newAlnum(12),
    transactionKey: newAlnum(16),
    allowedOrigins,
  };
  const record: MerchantRecord = {
    id: credentials.id,
    name,
    secretKeyHash: hashSecret(credentials.secretKey),
    apiLoginId: credentials.apiLoginId,
    transactionKeyHash: hashSecret(credentials.transactionKey),
    allowedOrigins,
    forwardHosts: [],
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.merchants.insert(record);
    for (const key of deps.keyring.newMerchantKeys(record.id)) await tx.merchantKeys.insert(key);
  });
  return credentials;
}
