import type { ImportKeyRecord, ImportKeyStore } from '../types.ts';
import { toBytes, type Executor } from './executor.ts';

interface Row {
  kind: ImportKeyRecord['kind'];
  public_key: string;
  private_ct: Uint8Array;
  kek_version: number;
  created_at: string;
}

/** Not merchant-scoped: the import keys belong to the CIM installation. */
export function sqliteImportKeys(x: Executor): ImportKeyStore {
  const { db } = x;
  return {
    insertIfAbsent: (k) =>
      x.write(
        () =>
          db.run('INSERT INTO import_keys (kind, public_key, private_ct, kek_version, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind) DO NOTHING', k.kind, k.publicKey, k.privateCt, k.kekVersion, k.createdAt)
            .changes === 1,
      ),
    list: async () =>
      db.all<Row>('SELECT * FROM import_keys ORDER BY kind').map((r): ImportKeyRecord => ({ kind: r.kind, publicKey: r.public_key, privateCt: toBytes(r.private_ct), kekVersion: r.kek_version, createdAt: r.created_at })),
    rewrap: (kind, fromKek, toKek, privateCt) =>
      x.write(() => db.run('UPDATE import_keys SET kek_version = ?, private_ct = ? WHERE kind = ? AND kek_version = ?', toKek, privateCt, kind, fromKek).changes === 1),
  };
}
