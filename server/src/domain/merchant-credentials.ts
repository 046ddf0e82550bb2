import type { Clock } from '../clock.ts';
import { CimError, NotFoundError } from '../errors.ts';
import { newAlnum, newSecret } from '../ids.ts';
import type { CredentialKind, MerchantRecord, PreviousKey, Store } from '../store/types.ts';
import { hashSecret, normalizeOrigin, secretMatches } from './merchants.ts';

type Deps = { store: Store; clock: Clock };

/** The longest overlap an operator may give an old key: a week is enough to redeploy anything. */
export const MAX_OVERLAP_SECONDS = 7 * 86_400;

const newCredential = (kind: CredentialKind) => (kind === 'secretKey' ? newSecret('sk') : newAlnum(16));

async function requireMerchant(deps: Deps, id: string): Promise<MerchantRecord> {
  const merchant = await deps.store.merchants.getById(id);
  if (!merchant) throw new NotFoundError('Merchant');
  return merchant;
}

const currentHash = (m: MerchantRecord, kind: CredentialKind) => (kind === 'secretKey' ? m.secretKeyHash : m.transactionKeyHash);

/**
 * Issues a new secret key or transaction key. The old one keeps working for
 * `overlapSeconds` (0: refused at once) so the merchant can deploy the new one without
 * downtime; a key replaced earlier and still in its overlap is refused from now on.
 * Returns the new key, shown once.
 */
export async function rotateCredential(deps: Deps, merchantId: string, kind: CredentialKind, overlapSeconds: number): Promise<{ key: string; previousValidUntil: string | null }> {
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
    throw new CimError('invalid_request', `The overlap must be a whole number of seconds from 0 to ${MAX_OVERLAP_SECONDS}.`, { field: 'overlap' });
  }
  const merchant = await requireMerchant(deps, merchantId);
  const key = newCredential(kind);
  const previous: PreviousKey | null =
    overlapSeconds === 0 ? null : { hash: currentHash(merchant, kind), until: new Date(deps.clock.now().getTime() + overlapSeconds * 1000).toISOString() };
  await deps.store.merchants.replaceCredential(merchantId, kind, hashSecret(key), previous);
  return { key, previousValidUntil: previous?.until ?? null };
}

/** Revokes a credential now: current and previous keys are refused at once, and a new key is issued (shown once). */
export async function revokeCredential(deps: Deps, merchantId: string, kind: CredentialKind): Promise<{ key: string }> {
  const { key } = await rotateCredential(deps, merchantId, kind, 0);
  return { key };
}

const stillValid = (previous: PreviousKey | null | undefined, now: Date): previous is PreviousKey => !!previous && Date.parse(previous.until) > now.getTime();

/** The merchant a secret key belongs to: its current key, or a replaced one still in its overlap. */
export async function merchantForSecretKeyHash(deps: Deps, hash: string): Promise<MerchantRecord | null> {
  const current = await deps.store.merchants.getBySecretKeyHash(hash);
  if (current) return current;
  const previous = await deps.store.merchants.getByPreviousSecretKeyHash(hash);
  return previous && stillValid(previous.previousSecretKey, deps.clock.now()) ? previous : null;
}

/** A cached merchant found by `hash`: still good if it is the current key, or a replaced one whose overlap has not ended. */
export function secretKeyHashValid(merchant: MerchantRecord, hash: string, now: Date): boolean {
  return merchant.secretKeyHash === hash || (stillValid(merchant.previousSecretKey, now) && merchant.previousSecretKey.hash === hash);
}

/** Whether `key` is the merchant's transaction key, or the one a rotation replaced while its overlap lasts. */
export function transactionKeyMatches(merchant: MerchantRecord, key: string, now: Date): boolean {
  if (secretMatches(key, merchant.transactionKeyHash)) return true;
  return stillValid(merchant.previousTransactionKey, now) && secretMatches(key, merchant.previousTransactionKey.hash);
}

/** Adds and removes allowed origins (normalized as at creation); returns the new list. */
export async function updateOrigins(deps: Deps, merchantId: string, change: { add: string[]; remove: string[] }): Promise<string[]> {
  const merchant = await requireMerchant(deps, merchantId);
  const remove = new Set(change.remove.map(normalizeOrigin));
  const origins = [...new Set([...merchant.allowedOrigins, ...change.add.map(normalizeOrigin)])].filter((o) => !remove.has(o));
  await deps.store.merchants.setAllowedOrigins(merchantId, origins);
  return origins;
}
