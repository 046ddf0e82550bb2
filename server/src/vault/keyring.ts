import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import type { MerchantKeyRecord, SealedFieldName, Stores } from '../store/types.ts';
import { Redacted } from '../redacted.ts';
import { keyVersionOf, open, seal } from './aead.ts';
import { masterKeyFor, type MasterKey } from './master-key.ts';

/** A field of a record whose value is encrypted at rest. */
export type SealedField = SealedFieldName;

/** Another process (`cim keys rotate-data`) may add a data key version: a merchant's keys are re-read this often. */
export const KEY_RELOAD_MS = 30_000;

/** Keys made with a merchant have sealed from the start. */
const ALWAYS = '1970-01-01T00:00:00.000Z';

// Unwrapped keys are kept as KeyObjects: Node re-imports a raw Buffer key on every
// createCipheriv/createHmac call, which costs 4-8x the cipher work itself.
export interface MerchantKeys {
  /** Every data key version the merchant has: old ones still open what they sealed. */
  data: Map<number, Redacted<KeyObject>>;
  /** Data key versions, newest first, with the moment each starts sealing. */
  activations: Array<{ version: number; activeFrom: number }>;
  fingerprint: Redacted<KeyObject>;
  loadedAt: number;
}

const wrapContext = (merchantId: string, purpose: string, version: number) => `cim/kek/${merchantId}/${purpose}/${version}`;
const fieldContext = (merchantId: string, recordId: string, field: SealedField) => `cim/field/${merchantId}/${recordId}/${field}`;

/** The version new ciphertexts are sealed under at `now`: the newest one active by then. */
const writingVersion = (keys: MerchantKeys, now: number) => (keys.activations.find((a) => a.activeFrom <= now) ?? keys.activations.at(-1)!).version;

/**
 * Envelope encryption. Each merchant has data keys (AES-256-GCM; one seals, older
 * versions still open what they sealed) and a fingerprint key (HMAC-SHA256), all
 * stored wrapped by the master key. Field ciphertexts are bound to merchant +
 * record + field via associated data, so a ciphertext copied to another row or
 * column does not decrypt, and carry the data key version that sealed them.
 */
export class KeyRing {
  readonly #master: MasterKey;
  readonly #clock: Clock;
  readonly #cryptos = new Map<string, MerchantCrypto>();

  constructor(master: MasterKey, clock: Clock = systemClock) {
    this.#master = master;
    this.#clock = clock;
  }

  #wrappedKey(merchantId: string, purpose: MerchantKeyRecord['purpose'], version: number, activeFrom: string): MerchantKeyRecord {
    return {
      merchantId,
      purpose,
      version,
      kekVersion: this.#master.version,
      wrapped: seal(this.#master.key.unwrap(), this.#master.version, randomBytes(32), wrapContext(merchantId, purpose, version)),
      activeFrom,
    };
  }

  /** Fresh wrapped keys for a new merchant; store them in the same transaction as the merchant. */
  newMerchantKeys(merchantId: string): MerchantKeyRecord[] {
    return (['data', 'fingerprint'] as const).map((purpose) => this.#wrappedKey(merchantId, purpose, 1, ALWAYS));
  }

  /** A data-key rotation's new version: a fresh data key, wrapped under the current master key, sealing from `activeFrom`. */
  newDataKey(merchantId: string, version: number, activeFrom: string): MerchantKeyRecord {
    return this.#wrappedKey(merchantId, 'data', version, activeFrom);
  }

  async #load(stores: Pick<Stores, 'merchantKeys'>, merchantId: string): Promise<MerchantKeys> {
    const rows = await stores.merchantKeys.listForMerchant(merchantId);
    const unwrap = (r: MerchantKeyRecord) => new Redacted(createSecretKey(open(masterKeyFor(this.#master, r.kekVersion), r.wrapped, wrapContext(merchantId, r.purpose, r.version))));
    const data = rows.filter((r) => r.purpose === 'data').sort((a, b) => b.version - a.version);
    // The fingerprint key is never rotated (fingerprints would all change): the newest is the one.
    const fingerprint = rows.filter((r) => r.purpose === 'fingerprint').sort((a, b) => b.version - a.version)[0];
    if (data.length === 0 || !fingerprint) throw new Error(`No keys for merchant ${merchantId}`);
    return {
      data: new Map(data.map((r) => [r.version, unwrap(r)])),
      activations: data.map((r) => ({ version: r.version, activeFrom: Date.parse(r.activeFrom) })),
      fingerprint: unwrap(fingerprint),
      loadedAt: this.#clock.now().getTime(),
    };
  }

  /**
   * A master-key rotation step for one merchant key: opened with the master key it is
   * wrapped under, sealed again under the current one (same associated data).
   */
  rewrapped(r: MerchantKeyRecord): Uint8Array {
    const plain = open(masterKeyFor(this.#master, r.kekVersion), r.wrapped, wrapContext(r.merchantId, r.purpose, r.version));
    return seal(this.#master.key.unwrap(), this.#master.version, plain, wrapContext(r.merchantId, r.purpose, r.version));
  }

  /** Seals an installation secret (an import private key) directly under the master key, bound to `context`. */
  sealUnderMaster(context: string, plaintext: Uint8Array): { ct: Uint8Array; kekVersion: number } {
    return { ct: seal(this.#master.key.unwrap(), this.#master.version, plaintext, context), kekVersion: this.#master.version };
  }

  openUnderMaster(context: string, kekVersion: number, ct: Uint8Array): Buffer {
    return open(masterKeyFor(this.#master, kekVersion), ct, context);
  }

  get masterVersion(): number {
    return this.#master.version;
  }

  /** Drops a merchant's cached keys: the next use reads them again (a new data key version appeared). */
  forget(merchantId: string): void {
    this.#cryptos.delete(merchantId);
  }

  /**
   * A merchant's keys for the sync methods below, cached and re-read every KEY_RELOAD_MS.
   * The version it seals under is fixed for the object's life (one request), so every
   * ciphertext a request writes, and the key_version beside them, agree.
   */
  async forMerchant(stores: Pick<Stores, 'merchantKeys'>, merchantId: string): Promise<MerchantCrypto> {
    const now = this.#clock.now().getTime();
    const cached = this.#cryptos.get(merchantId);
    if (cached && now - cached.keys.loadedAt < KEY_RELOAD_MS) {
      if (cached.keyVersion === writingVersion(cached.keys, now)) return cached;
      return this.#remember(new MerchantCrypto(merchantId, cached.keys, writingVersion(cached.keys, now), () => this.forget(merchantId)));
    }
    const keys = await this.#load(stores, merchantId);
    return this.#remember(new MerchantCrypto(merchantId, keys, writingVersion(keys, now), () => this.forget(merchantId)));
  }

  #remember(crypto: MerchantCrypto): MerchantCrypto {
    this.#cryptos.set(crypto.merchantId, crypto);
    return crypto;
  }
}

/** One merchant's unwrapped keys. Synchronous, so it can run inside a group-commit transaction. */
export class MerchantCrypto {
  readonly merchantId: string;
  /** The data key version this object seals under. */
  readonly keyVersion: number;
  /** @internal the key ring's cache entry. */
  readonly keys: MerchantKeys;
  readonly #onUnknownVersion: () => void;

  constructor(merchantId: string, keys: MerchantKeys, keyVersion: number, onUnknownVersion: () => void) {
    this.merchantId = merchantId;
    this.keys = keys;
    this.keyVersion = keyVersion;
    this.#onUnknownVersion = onUnknownVersion;
  }

  #dataKey(version: number): KeyObject {
    const key = this.keys.data.get(version);
    if (key) return key.unwrap();
    // Sealed under a version made after these keys were read: read them again on the next use.
    this.#onUnknownVersion();
    throw new CimError('key_version_unavailable', 'This record is sealed under a data key version this server had not loaded yet; it has now. Retry the request.', { retryAfter: 1 });
  }

  seal(recordId: string, field: SealedField, plaintext: string, version = this.keyVersion): Uint8Array {
    return seal(this.#dataKey(version), version, Buffer.from(plaintext, 'utf8'), fieldContext(this.merchantId, recordId, field));
  }

  /** Opens with the data key version the ciphertext names in its header. */
  open(recordId: string, field: SealedField, blob: Uint8Array): string {
    return open(this.#dataKey(keyVersionOf(blob)), blob, fieldContext(this.merchantId, recordId, field)).toString('utf8');
  }

  /** A data-key rotation step: the same plaintext and associated data, sealed under `version`. */
  resealed(recordId: string, field: SealedField, blob: Uint8Array, version: number): Uint8Array {
    return this.seal(recordId, field, this.open(recordId, field, blob), version);
  }

  /** Keyed fingerprint for duplicate detection; never an unkeyed hash of a card number. */
  fingerprint(kind: string, value: string): Uint8Array {
    return createHmac('sha256', this.keys.fingerprint.unwrap()).update(`${kind}:${value}`).digest();
  }
}
