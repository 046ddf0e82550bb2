import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as openpgp from 'openpgp';
import type { Clock } from '../clock.ts';
import type { ImportKeyRecord, Store } from '../store/types.ts';
import type { KeyRing } from '../vault/keyring.ts';

type Deps = { store: Store; keyring: KeyRing; clock: Clock };

/** The associated data of a sealed import private key. */
const sealContext = (kind: ImportKeyRecord['kind']) => `cim/import-key/${kind}`;

/** The JWE key agreement CIM's import key is for; content is always A256GCM. */
export const IMPORT_JWE_ALG = 'ECDH-ES+A256KW';

async function newKey(deps: Deps, kind: ImportKeyRecord['kind']): Promise<ImportKeyRecord> {
  let publicKey: string;
  let privateBytes: Uint8Array;
  if (kind === 'jwe') {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    publicKey = JSON.stringify({ ...pair.publicKey.export({ format: 'jwk' }), alg: IMPORT_JWE_ALG, use: 'enc', kid: `cim-import-${deps.clock.now().toISOString().slice(0, 10)}` });
    privateBytes = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  } else {
    const pair = await openpgp.generateKey({ userIDs: [{ name: 'CIM vault import' }], format: 'armored' });
    publicKey = pair.publicKey;
    privateBytes = Buffer.from(pair.privateKey, 'utf8');
  }
  const { ct, kekVersion } = deps.keyring.sealUnderMaster(sealContext(kind), privateBytes);
  return { kind, publicKey, privateCt: ct, kekVersion, createdAt: deps.clock.now().toISOString() };
}

/**
 * CIM's import keys, made on first use (once: a second caller's insert does nothing and it
 * reads the first one's key). Only the public halves leave this function.
 */
export async function ensureImportKeys(deps: Deps): Promise<Record<ImportKeyRecord['kind'], string>> {
  for (const kind of ['jwe', 'pgp'] as const) {
    if (!(await deps.store.importKeys.list()).some((k) => k.kind === kind)) await deps.store.importKeys.insertIfAbsent(await newKey(deps, kind));
  }
  const keys = await deps.store.importKeys.list();
  const publicOf = (kind: ImportKeyRecord['kind']) => keys.find((k) => k.kind === kind)!.publicKey;
  return { jwe: publicOf('jwe'), pgp: publicOf('pgp') };
}

/** The private halves, opened for one import and dropped with it. */
export interface ImportPrivateKeys {
  jwe: KeyObject | null;
  pgp: openpgp.PrivateKey | null;
}

export async function openImportKeys(deps: Deps): Promise<ImportPrivateKeys> {
  const keys = await deps.store.importKeys.list();
  const opened = (kind: ImportKeyRecord['kind']) => {
    const k = keys.find((r) => r.kind === kind);
    return k ? deps.keyring.openUnderMaster(sealContext(kind), k.kekVersion, k.privateCt) : null;
  };
  const jwe = opened('jwe');
  const pgp = opened('pgp');
  return {
    jwe: jwe && createPrivateKey({ key: jwe, format: 'der', type: 'pkcs8' }),
    pgp: pgp && (await openpgp.readPrivateKey({ armoredKey: pgp.toString('utf8') })),
  };
}

/** A master-key rotation step: every import key not under the current master key, sealed again under it. */
export async function rewrapImportKeys(deps: Pick<Deps, 'store' | 'keyring'>): Promise<number> {
  let n = 0;
  for (const k of await deps.store.importKeys.list()) {
    if (k.kekVersion === deps.keyring.masterVersion) continue;
    const plain = deps.keyring.openUnderMaster(sealContext(k.kind), k.kekVersion, k.privateCt);
    const { ct, kekVersion } = deps.keyring.sealUnderMaster(sealContext(k.kind), plain);
    if (await deps.store.importKeys.rewrap(k.kind, k.kekVersion, kekVersion, ct)) n++;
  }
  return n;
}
