import type { SigningKeyRecord, SigningKeyStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { bytes, iso } from './values.ts';

interface SigningKeyRow {
  kid: string;
  public_jwk: string;
  private_ct: Uint8Array;
  kek_version: number;
  created_at: Date;
  active_from: Date;
}

/** A reference table: the signing keys belong to the CIM installation and sign for every merchant. */
export function postgresSigningKeys(x: Executor): SigningKeyStore {
  return {
    insert: async (k) => {
      await x.guarded(
        'INSERT INTO signing_keys (kid, public_jwk, private_ct, kek_version, created_at, active_from) VALUES ($1, $2, $3, $4, $5, $6)',
        [k.kid, k.publicJwk, k.privateCt, k.kekVersion, k.createdAt, k.activeFrom],
        'conflict',
        'A signing key with this kid already exists.',
      );
    },
    list: async () =>
      (await x.query<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY active_from, created_at, kid')).map(
        (r): SigningKeyRecord => ({ kid: r.kid, publicJwk: r.public_jwk, privateCt: bytes(r.private_ct), kekVersion: r.kek_version, createdAt: iso(r.created_at), activeFrom: iso(r.active_from) }),
      ),
    rewrap: async (kid, fromKek, toKek, privateCt) =>
      (await affected(x, 'UPDATE signing_keys SET kek_version = $3, private_ct = $4 WHERE kid = $1 AND kek_version = $2', [kid, fromKek, toKek, privateCt])) === 1,
  };
}
