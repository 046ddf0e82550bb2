import type { ImportKeyRecord, ImportKeyStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { bytes, iso } from './values.ts';

interface Row {
  kind: ImportKeyRecord['kind'];
  public_key: string;
  private_ct: Uint8Array;
  kek_version: number;
  created_at: Date;
}

/** A reference table: the import keys belong to the CIM installation. */
export function postgresImportKeys(x: Executor): ImportKeyStore {
  return {
    insertIfAbsent: async (k) =>
      (await affected(x, 'INSERT INTO import_keys (kind, public_key, private_ct, kek_version, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind) DO NOTHING', [
        k.kind, k.publicKey, k.privateCt, k.kekVersion, k.createdAt,
      ])) === 1,
    list: async () =>
      (await x.query<Row>('SELECT * FROM import_keys ORDER BY kind')).map((r): ImportKeyRecord => ({ kind: r.kind, publicKey: r.public_key, privateCt: bytes(r.private_ct), kekVersion: r.kek_version, createdAt: iso(r.created_at) })),
    rewrap: async (kind, fromKek, toKek, privateCt) =>
      (await affected(x, 'UPDATE import_keys SET kek_version = $3, private_ct = $4 WHERE kind = $1 AND kek_version = $2', [kind, fromKek, toKek, privateCt])) === 1,
  };
}
