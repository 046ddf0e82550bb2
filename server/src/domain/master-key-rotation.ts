import { rewrapImportKeys } from '../migration/import-keys.ts';
import type { Store } from '../store/types.ts';
import type { KeyRing } from '../vault/keyring.ts';
import type { SigningKeyRing } from './signing-keys.ts';

type Deps = { store: Store; keyring: KeyRing; signingKeys: SigningKeyRing };

export const REWRAP_BATCH = 100;

export interface MasterKeyStatus {
  currentVersion: number;
  /** Wrapped merchant keys per master key version. */
  merchantKeys: Array<{ kekVersion: number; count: number }>;
  /** Sealed signing keys per master key version. */
  signingKeys: Array<{ kekVersion: number; count: number }>;
  /** Sealed vault-migration import keys per master key version. */
  importKeys: Array<{ kekVersion: number; count: number }>;
  remaining: number;
  done: boolean;
}

export async function masterKeyStatus(deps: Deps): Promise<MasterKeyStatus> {
  const currentVersion = deps.keyring.masterVersion;
  const merchantKeys = await deps.store.merchantKeys.countByKek();
  const signingKeys = countByKek(await deps.store.signingKeys.list());
  const importKeys = countByKek(await deps.store.importKeys.list());
  const remaining = [...merchantKeys, ...signingKeys, ...importKeys].filter((c) => c.kekVersion !== currentVersion).reduce((n, c) => n + c.count, 0);
  return { currentVersion, merchantKeys, signingKeys, importKeys, remaining, done: remaining === 0 };
}

function countByKek(keys: Array<{ kekVersion: number }>): Array<{ kekVersion: number; count: number }> {
  const counts = new Map<number, number>();
  for (const k of keys) counts.set(k.kekVersion, (counts.get(k.kekVersion) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([kekVersion, count]) => ({ kekVersion, count }));
}

/**
 * Re-wraps every merchant data/fingerprint key and every signing key under the current
 * master key. Each batch commits on its own and each row moves by compare-and-set, so a
 * kill -9 at any point leaves every key readable (under the old key or the new one) and
 * running again picks up where it stopped. Ciphertexts of card data are untouched: only
 * the small wrapped keys change.
 */
export async function rotateMasterKey(deps: Deps, options: { batchSize?: number; onBatch?: (status: { rewrapped: number }) => void } = {}): Promise<{ rewrapped: number }> {
  const to = deps.keyring.masterVersion;
  const batchSize = options.batchSize ?? REWRAP_BATCH;
  let rewrapped = 0;
  for (;;) {
    const batch = await deps.store.merchantKeys.listNotUnderKek(to, batchSize);
    if (batch.length === 0) break;
    // Unwrapping happens before the transaction: the group commit only holds the UPDATEs.
    const sealed = batch.map((r) => ({ r, wrapped: deps.keyring.rewrapped(r) }));
    await deps.store.transaction(async (tx) => {
      for (const { r, wrapped } of sealed) if (await tx.merchantKeys.rewrap(r, r.kekVersion, to, wrapped)) rewrapped++;
    });
    options.onBatch?.({ rewrapped });
  }
  for (const k of await deps.store.signingKeys.list()) {
    if (k.kekVersion !== to && (await deps.store.signingKeys.rewrap(k.kid, k.kekVersion, to, deps.signingKeys.rewrapped(k)))) rewrapped++;
  }
  rewrapped += await rewrapImportKeys(deps);
  return { rewrapped };
}
