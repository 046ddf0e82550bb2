import { DatabaseSync } from 'node:sqlite';

/** Bytes the payment_profiles table and its indexes occupy (dbstat: pages × page size), per row. */
export function sqliteBytesPerProfile(dbPath: string): { rows: number; bytes: number; perRow: number; payloadPerRow: number } {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const rows = Number((db.prepare('SELECT count(*) AS n FROM payment_profiles').get() as { n: number }).n);
    const names = [
      'payment_profiles',
      ...(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payment_profiles'").all() as Array<{ name: string }>).map((r) => r.name),
    ];
    const marks = names.map(() => '?').join(', ');
    const stat = db.prepare(`SELECT sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat WHERE name IN (${marks})`).get(...names) as { bytes: number; payload: number };
    return { rows, bytes: Number(stat.bytes), perRow: Number(stat.bytes) / rows, payloadPerRow: Number(stat.payload) / rows };
  } finally {
    db.close();
  }
}
