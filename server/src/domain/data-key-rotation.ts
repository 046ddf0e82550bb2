import type { Clock } from '../clock.ts';
import { DuplicateError } from '../errors.ts';
import type { MerchantKeyRecord, SealedRow, SealedTable, Store } from '../store/types.ts';
import { KEY_RELOAD_MS, type KeyRing, type SealedField } from '../vault/keyring.ts';
import { answerRecordOf } from './idempotency-seal.ts';
import { recordIdFor } from './one-time-cards.ts';
import { sealedRecord as processorRecordOf } from './processor-settings.ts';

type Deps = { store: Store; keyring: KeyRing; clock: Clock };

export const RESEAL_BATCH = 100;

/**
 * A new data key version is published this long before it seals: every instance re-reads
 * its keys within KEY_RELOAD_MS, so by then all of them can open what it seals and all
 * switch to it (plus a margin for requests under way).
 */
export const DATA_KEY_ACTIVATION_SECONDS = KEY_RELOAD_MS / 1000 + 5;

/**
 * An old version is deleted no sooner than this after the new one began sealing: a request that
 * read the keys just before then may still commit a row sealed under the old version, which the
 * next pass re-seals. (Deleting at once could leave such a row with no key to open it.)
 */
export const RETIRE_GRACE_SECONDS = 60;

/** The record each table's ciphertexts are bound to (the associated data a re-seal keeps). */
const RECORD_OF: Record<SealedTable, (id: string) => string> = {
  payment_profiles: (id) => id,
  transactions: recordIdFor,
  forward_templates: (id) => id,
  webhook_endpoints: (id) => id,
  merchant_processors: processorRecordOf,
  idempotency_keys: answerRecordOf,
};

export interface DataKeyStatus {
  merchantId: string;
  /** The newest data key version: new writes seal with it from activeFrom, and the rotation moves every row to it. */
  currentVersion: number;
  activeFrom: string;
  /** Data key versions still stored; an old one is deleted once no row is sealed under it. */
  keyVersions: number[];
  /** Sealed rows (payment profiles, kept one-time cards, forward templates, webhook secrets, processor credentials, stored idempotency answers) per data key version. */
  rows: Array<{ keyVersion: number; count: number }>;
  /** Rows still under an older version. */
  remaining: number;
  done: boolean;
}

async function dataKeys(store: Store, merchantId: string): Promise<MerchantKeyRecord[]> {
  const keys = (await store.merchantKeys.listForMerchant(merchantId)).filter((k) => k.purpose === 'data').sort((a, b) => a.version - b.version);
  if (keys.length === 0) throw new Error(`No data key for merchant ${merchantId}`);
  return keys;
}

export async function dataKeyStatus(deps: Pick<Deps, 'store'>, merchantId: string): Promise<DataKeyStatus> {
  const keys = await dataKeys(deps.store, merchantId);
  const current = keys.at(-1)!;
  const rows = await deps.store.sealedData.countByVersion(merchantId);
  const remaining = rows.filter((r) => r.keyVersion !== current.version).reduce((n, r) => n + r.count, 0);
  return { merchantId, currentVersion: current.version, activeFrom: current.activeFrom, keyVersions: keys.map((k) => k.version), rows, remaining, done: remaining === 0 && keys.length === 1 };
}

/**
 * Begins a rotation of one merchant's data key: a new version (a fresh AES key wrapped
 * under the current master key) that seals from `activateInSeconds` from now. A rotation
 * already under way (more than one version stored) is carried on, not restarted.
 */
export async function startDataKeyRotation(deps: Deps, merchantId: string, activateInSeconds: number): Promise<{ version: number; activeFrom: string; started: boolean }> {
  const keys = await dataKeys(deps.store, merchantId);
  const newest = keys.at(-1)!;
  if (keys.length > 1) return { version: newest.version, activeFrom: newest.activeFrom, started: false };
  if (newest.version >= 0xffff) throw new Error(`Merchant ${merchantId} has used every data key version.`);
  const activeFrom = new Date(deps.clock.now().getTime() + activateInSeconds * 1000).toISOString();
  try {
    await deps.store.merchantKeys.insert(deps.keyring.newDataKey(merchantId, newest.version + 1, activeFrom));
  } catch (error) {
    // Another process began the same rotation a moment ago: carry that one on.
    if (!(error instanceof DuplicateError)) throw error;
    return startDataKeyRotation(deps, merchantId, activateInSeconds);
  }
  deps.keyring.forget(merchantId);
  return { version: newest.version + 1, activeFrom, started: true };
}

export interface RotationProgress {
  resealed: number;
  done: boolean;
  /** Set while the new version is not sealing yet: nothing is re-sealed before then. */
  waitingUntil?: string;
  /** Set when every row is re-sealed but the old version may not be deleted before this (RETIRE_GRACE_SECONDS). */
  retiresAt?: string;
}

/**
 * Re-seals the merchant's rows still under an older data key version with the newest one,
 * `batchSize` rows per transaction, each row by compare-and-set on its ciphertexts with the
 * same associated data (merchant, record, field). Progress is the rows still on an old
 * version, so after a kill -9 a rerun carries on where it stopped. An old version's key is
 * deleted once no row is sealed under it. The fingerprint key is left as it is.
 */
export async function continueDataKeyRotation(
  deps: Deps,
  merchantId: string,
  options: { batchSize?: number; maxBatches?: number; retireAfterSeconds?: number; onBatch?: (progress: { merchantId: string; resealed: number }) => void } = {},
): Promise<RotationProgress> {
  const keys = await dataKeys(deps.store, merchantId);
  const target = keys.at(-1)!;
  if (Date.parse(target.activeFrom) > deps.clock.now().getTime()) return { resealed: 0, done: false, waitingUntil: target.activeFrom };
  const batchSize = options.batchSize ?? RESEAL_BATCH;
  deps.keyring.forget(merchantId);
  const crypto = await deps.keyring.forMerchant(deps.store, merchantId);
  let resealed = 0;
  let batches = 0;
  let stalled = 0;
  for (const table of Object.keys(RECORD_OF) as SealedTable[]) {
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return { resealed, done: false };
      const batch = await deps.store.sealedData.listNotUnder(merchantId, table, target.version, batchSize);
      if (batch.length === 0) break;
      // Decrypting and sealing happen before the transaction: the group commit only holds the UPDATEs.
      const next = batch.map((row) => ({ row, fields: resealedFields(row, (field, blob) => crypto.resealed(RECORD_OF[table](row.id), field, blob, target.version)) }));
      const before = resealed;
      await deps.store.transaction(async (tx) => {
        for (const { row, fields } of next) if (await tx.sealedData.reseal(merchantId, row, target.version, fields)) resealed++;
      });
      // A row that changed since it was read is read again; a batch where every row keeps changing is not chased forever.
      stalled = resealed === before ? stalled + 1 : 0;
      if (stalled >= 3) throw new Error(`Merchant ${merchantId}: rows in ${table} kept changing under the rotation; run it again.`);
      batches++;
      options.onBatch?.({ merchantId, resealed });
    }
  }
  const inUse = new Set((await deps.store.sealedData.countByVersion(merchantId)).map((c) => c.keyVersion));
  inUse.delete(target.version);
  const retiresAt = Date.parse(target.activeFrom) + (options.retireAfterSeconds ?? RETIRE_GRACE_SECONDS) * 1000;
  if (inUse.size === 0 && keys.length > 1 && deps.clock.now().getTime() < retiresAt) return { resealed, done: false, retiresAt: new Date(retiresAt).toISOString() };
  for (const old of keys.slice(0, -1)) if (!inUse.has(old.version)) await deps.store.merchantKeys.delete(old);
  deps.keyring.forget(merchantId);
  return { resealed, done: inUse.size === 0 };
}

function resealedFields(row: SealedRow, reseal: (field: SealedField, blob: Uint8Array) => Uint8Array): SealedRow['fields'] {
  return Object.fromEntries(Object.entries(row.fields).map(([field, blob]) => [field, reseal(field as SealedField, blob)]));
}

/** The scheduler's step: carries on every rotation under way whose new key seals by now, a bounded amount per round. */
export async function continueDataKeyRotations(deps: Deps): Promise<number> {
  let resealed = 0;
  for (const merchantId of await deps.store.merchantKeys.listMerchantsRotatingData()) {
    resealed += (await continueDataKeyRotation(deps, merchantId, { maxBatches: 50 })).resealed;
  }
  return resealed;
}
