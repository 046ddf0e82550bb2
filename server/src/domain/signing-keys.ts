import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { SigningKeyRecord, Store } from '../store/types.ts';
import { CHECKOUT_TOKEN_TTL_SECONDS } from '../tokens/checkout-jwt.ts';
import { open, seal } from '../vault/aead.ts';
import { masterKeyFor, type MasterKey } from '../vault/master-key.ts';

/** How long relying parties may cache /.well-known/jwks.json by default (CIM_JWKS_CACHE_SECONDS). */
export const DEFAULT_JWKS_CACHE_SECONDS = 300;
/** Verification re-reads the table this often: a kid it already knows stays valid until it retires. */
const RELOAD_MS = 30_000;
/**
 * The signer and the JWKS are never staler than this, and an unknown kid re-reads the table at most
 * this often (so garbage kids cannot hammer it). Another process (`cim keys rotate-signing`) adds keys,
 * so a key activating at least this far in the future is known to every instance before it activates.
 */
const FRESH_MS = 1_000;

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

interface LoadedKey {
  record: SigningKeyRecord;
  jwk: PublicJwk;
  publicKey: KeyObject;
  activeFrom: number;
  /** When the key stops being published: its successor's activation plus the longest token life. */
  retiresAt: number;
}

const sealContext = (kid: string) => `cim/signing-key/${kid}`;

/** RFC 7638 thumbprint: the kid names the key's content, so it can never point at two keys. */
function thumbprint(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

/**
 * The Ed25519 keys that sign checkout result tokens. Private keys rest sealed
 * under the master key; public keys are published from the moment they exist,
 * and a rotated key signs only once relying parties' JWKS caches have expired.
 */
export class SigningKeyRing {
  /** The `iss` of every token: CIM_PUBLIC_URL without a trailing slash. */
  readonly issuer: string;
  readonly #master: MasterKey;
  readonly #store: Store;
  readonly #clock: Clock;
  /** How long relying parties may cache the JWKS: its Cache-Control max-age and the default activation delay. */
  readonly jwksCacheSeconds: number;
  readonly #privateKeys = new Map<string, KeyObject>();
  #keys: LoadedKey[] = [];
  #loadedAt = -Infinity;
  #first: Promise<void> | null = null;

  constructor(options: { master: MasterKey; store: Store; clock: Clock; publicUrl: string; jwksCacheSeconds?: number }) {
    this.#master = options.master;
    this.#store = options.store;
    this.#clock = options.clock;
    this.jwksCacheSeconds = options.jwksCacheSeconds ?? DEFAULT_JWKS_CACHE_SECONDS;
    this.issuer = options.publicUrl.replace(/\/+$/, '');
  }

  /** A new key pair, its private half sealed under the master key, signing `activateInSeconds` from now. */
  #newKey(activateInSeconds: number): SigningKeyRecord {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
    const kid = thumbprint(x);
    const now = this.#clock.now();
    const activeFrom = new Date(now.getTime() + activateInSeconds * 1000).toISOString();
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    const jwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' };
    return {
      kid,
      publicJwk: JSON.stringify(jwk),
      privateCt: seal(this.#master.key.unwrap(), this.#master.version, pkcs8, sealContext(kid)),
      kekVersion: this.#master.version,
      createdAt: now.toISOString(),
      activeFrom,
    };
  }

  /** Creates and stores a key. */
  async generate(activateInSeconds: number): Promise<{ kid: string; activeFrom: string }> {
    const record = this.#newKey(activateInSeconds);
    await this.#store.signingKeys.insert(record);
    await this.#reload();
    return { kid: record.kid, activeFrom: record.activeFrom };
  }

  /**
   * The first key of a fresh database, made at most once even when several
   * instances start signing at the same moment: the emptiness check and the
   * insert share one transaction, so a racing instance's transaction is retried
   * (PostgreSQL) or runs after it (SQLite) and finds the key already there.
   */
  async #ensureFirstKey(): Promise<void> {
    const record = this.#newKey(0);
    await this.#store.transaction(async (tx) => {
      if ((await tx.signingKeys.list()).length === 0) await tx.signingKeys.insert(record);
    });
    await this.#reload();
  }

  /** A master-key rotation step: the private key opened with the master key it is under, sealed again under the current one. */
  rewrapped(record: SigningKeyRecord): Uint8Array {
    const der = open(masterKeyFor(this.#master, record.kekVersion), record.privateCt, sealContext(record.kid));
    return seal(this.#master.key.unwrap(), this.#master.version, der, sealContext(record.kid));
  }

  /**
   * `cim keys rotate-signing`: publish a new key now, sign with it once caches have caught up
   * (jwksCacheSeconds unless `activateInSeconds` says otherwise — 0 for a key thought stolen:
   * verifiers that refetch on an unknown kid, as jose does, follow at once). Every instance's
   * signer re-reads the keys within FRESH_MS, so an activation at least that far off switches all
   * of them at its moment; a sooner one switches each within FRESH_MS.
   */
  async rotate(options: { activateInSeconds?: number } = {}): Promise<{ kid: string; activeFrom: string }> {
    // With no key yet there is nothing to rotate from, and no cache to wait for.
    const first = (await this.#store.signingKeys.list()).length === 0;
    return this.generate(first ? 0 : (options.activateInSeconds ?? this.jwksCacheSeconds));
  }

  async #reload(): Promise<void> {
    const records = await this.#store.signingKeys.list();
    this.#loadedAt = this.#clock.now().getTime();
    // Records come ordered by activation; each key retires TTL after the next one takes over.
    this.#keys = records.map((record, i) => {
      const next = records[i + 1];
      const jwk = JSON.parse(record.publicJwk) as PublicJwk;
      return {
        record,
        jwk,
        publicKey: createPublicKey({ key: { ...jwk }, format: 'jwk' }),
        activeFrom: Date.parse(record.activeFrom),
        retiresAt: next ? Date.parse(next.activeFrom) + CHECKOUT_TOKEN_TTL_SECONDS * 1000 : Infinity,
      };
    });
  }

  async #current(maxAgeMs: number): Promise<LoadedKey[]> {
    if (this.#clock.now().getTime() - this.#loadedAt >= maxAgeMs || this.#keys.length === 0) await this.#reload();
    if (this.#keys.length === 0) {
      // First use on a fresh database: one key, usable at once (nobody can have cached a JWKS yet).
      this.#first ??= this.#ensureFirstKey();
      try {
        await this.#first;
      } finally {
        this.#first = null;
      }
    }
    return this.#keys;
  }

  #published(keys: LoadedKey[]): LoadedKey[] {
    const now = this.#clock.now().getTime();
    return keys.filter((k) => now < k.retiresAt);
  }

  /** The JWKS: every key whose tokens may still be alive, plus keys about to sign. Always fresh. */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    return { keys: this.#published(await this.#current(FRESH_MS)).map((k) => k.jwk) };
  }

  /** The key that signs now: the most recently activated one. */
  async signer(): Promise<{ kid: string; privateKey: KeyObject }> {
    // Fresh within FRESH_MS, not RELOAD_MS: a key rotated in by another process with a short
    // --activate-in must sign from its activation, not up to RELOAD_MS later (past the old key's retirement).
    const keys = await this.#current(FRESH_MS);
    const now = this.#clock.now().getTime();
    const active = keys.filter((k) => k.activeFrom <= now);
    const key = active[active.length - 1] ?? keys[0]!;
    const kid = key.record.kid;
    let privateKey = this.#privateKeys.get(kid);
    if (!privateKey) {
      const der = open(masterKeyFor(this.#master, key.record.kekVersion), key.record.privateCt, sealContext(kid));
      privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      this.#privateKeys.set(kid, privateKey);
    }
    return { kid, privateKey };
  }

  /** The public key for a kid among the published ones, or null. */
  async verificationKey(kid: string): Promise<KeyObject | null> {
    const find = (keys: LoadedKey[]) => this.#published(keys).find((k) => k.record.kid === kid)?.publicKey ?? null;
    return find(await this.#current(RELOAD_MS)) ?? find(await this.#current(FRESH_MS));
  }
}
