import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { MerchantKeyRecord, Stores } from '../store/types.ts';
import { Redacted } from '../redacted.ts';
import { open, seal } from './aead.ts';
import { masterKeyFor, type MasterKey } from './master-key.ts';

/** A field of a record whose value is encrypted at rest. */
export type SealedField = 'number' | 'expiry' | 'routing' | 'response' | 'template' | 'apiLoginId' | 'transactionKey' | 'webhookSecret';

// Unwrapped keys are kept as KeyObjects: Node re-imports a raw Buffer key on every
// createCipheriv/createHmac call, which costs 4-8x the cipher work itself.
interface MerchantKeys {
  data: { version: number; key: Redacted<KeyObject> };
  fingerprint: Redacted<KeyObject>;
}

const wrapContext = (merchantId: string, purpose: string, version: number) => `cim/kek/${merchantId}/${purpose}/${version}`;
const fieldContext = (merchantId: string, recordId: string, field: SealedField) => `cim/field/${merchantId}/${recordId}/${field}`;

/**
 * Envelope encryption. Each merchant has a data key (AES-256-GCM) and a
 * fingerprint key (HMAC-SHA256), both stored wrapped by the master key.
 * Field ciphertexts are bound to merchant + record + field via associated data,
 * so a ciphertext copied to another row or column does not decrypt.
 */
export class KeyRing {
  readonly #master: MasterKey;
  readonly #cache = new Map<string, MerchantKeys>();
  readonly #cryptos = new Map<string, MerchantCrypto>();

  constructor(master: MasterKey) {
    this.#master = master;
  }

  /** Fresh wrapped keys for a new merchant; store them in the same transaction as the merchant. */
  newMerchantKeys(merchantId: string): MerchantKeyRecord[] {
    return (['data', 'fingerprint'] as const).map((purpose) => ({
      merchantId,
      purpose,
      version: 1,
      kekVersion: this.#master.version,
      wrapped: seal(this.#master.key.unwrap(), this.#master.version, randomBytes(32), wrapContext(merchantId, purpose, 1)),
    }));
  }

  async #keysFor(stores: Pick<Stores, 'merchantKeys'>, merchantId: string): Promise<MerchantKeys> {
    const cached = this.#cache.get(merchantId);
    if (cached) return cached;
    const rows = await stores.merchantKeys.listForMerchant(merchantId);
    const latest = (purpose: 'data' | 'fingerprint') =>
      rows.filter((r) => r.purpose === purpose).sort((a, b) => b.version - a.version)[0];
    const data = latest('data');
    const fingerprint = latest('fingerprint');
    if (!data || !fingerprint) throw new Error(`No keys for merchant ${merchantId}`);
    const unwrap = (r: MerchantKeyRecord) => new Redacted(createSecretKey(open(masterKeyFor(this.#master, r.kekVersion), r.wrapped, wrapContext(merchantId, r.purpose, r.version))));
    const keys: MerchantKeys = { data: { version: data.version, key: unwrap(data) }, fingerprint: unwrap(fingerprint) };
    this.#cache.set(merchantId, keys);
    return keys;
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

  /** Loads (and caches) a merchant's keys so the sync methods below can be used. */
  async forMerchant(stores: Pick<Stores, 'merchantKeys'>, merchantId: string): Promise<MerchantCrypto> {
    let crypto = this.#cryptos.get(merchantId);
    if (!crypto) {
      crypto = new MerchantCrypto(merchantId, await this.#keysFor(stores, merchantId));
      this.#cryptos.set(merchantId, crypto);
    }
    return crypto;
  }
}

/** One merchant's unwrapped keys. Synchronous, so it can run inside a group-commit transaction. */
export class MerchantCrypto {
  readonly merchantId: string;
  readonly #keys: MerchantKeys;

  constructor(merchantId: string, keys: MerchantKeys) {
    this.merchantId = merchantId;
    this.#keys = keys;
  }

  get keyVersion(): number {
    return this.#keys.data.version;
  }

  seal(recordId: string, field: SealedField, plaintext: string): Uint8Array {
    const { key, version } = this.#keys.data;
    return seal(key.unwrap(), version, Buffer.from(plaintext, 'utf8'), fieldContext(this.merchantId, recordId, field));
  }

  open(recordId: string, field: SealedField, blob: Uint8Array): string {
    return open(this.#keys.data.key.unwrap(), blob, fieldContext(this.merchantId, recordId, field)).toString('utf8');
  }

  /** Keyed fingerprint for duplicate detection; never an unkeyed hash of a card number. */
  fingerprint(kind: string, value: string): Uint8Array {
    return createHmac('sha256', this.#keys.fingerprint.unwrap()).update(`${kind}:${value}`).digest();
  }
}
