import type { SigningKeyRecord, SigningKeyStore } from '../types.ts';
import { insertOrDuplicate, toBytes, type Executor } from './executor.ts';

interface SigningKeyRow {
  kid: string;
  public_jwk: string;
  private_ct: Uint8Array;
  kek_version: number;
  created_at: string;
  active_from: string;
}

/** Not merchant-scoped: the signing keys belong to the CIM instance and sign for every merchant. */
export function sqliteSigningKeys(x: Executor): SigningKeyStore {
  const { db } = x;
  return {
    insert: (k) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              'INSERT INTO signing_keys (kid, public_jwk, private_ct, kek_version, created_at, active_from) VALUES (?, ?, ?, ?, ?, ?)',
              k.kid, k.publicJwk, k.privateCt, k.kekVersion, k.createdAt, k.activeFrom,
            ),
          'conflict',
          'A signing key with this kid already exists.',
        ),
      ),
    list: async () =>
      db.all<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY active_from, created_at, kid').map(
        (r): SigningKeyRecord => ({ kid: r.kid, publicJwk: r.public_jwk, privateCt: toBytes(r.private_ct), kekVersion: r.kek_version, createdAt: r.created_at, activeFrom: r.active_from }),
      ),
    rewrap: (kid, fromKek, toKek, privateCt) =>
      x.write(() => db.run('UPDATE signing_keys SET kek_version = ?, private_ct = ? WHERE kid = ? AND kek_version = ?', toKek, privateCt, kid, fromKek).changes === 1),
  };
}
