import { DatabaseSync } from 'node:sqlite';

export type SourceRow = Record<string, unknown>;

export interface SourceTable {
  name: string;
  columns: string[];
  /** Primary-key columns in key order: the order rows are read in, and where a resumed copy carries on. */
  key: string[];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A SQLite vault opened read-only. Integers come back as bigint so ids above
 * 2^53 survive; BLOBs (ciphertexts, fingerprints) as the stored bytes.
 */
export class SqliteSource {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.#db = new DatabaseSync(path, { readOnly: true });
  }

  tables(): SourceTable[] {
    const names = this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").all() as Array<{ name: string }>;
    return names.map(({ name }) => {
      const info = this.#db.prepare(`PRAGMA table_info(${quote(name)})`).all() as Array<{ name: string; pk: number }>;
      const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      // A table without a declared key is read in rowid order (every STRICT table here has one).
      return { name, columns: info.map((c) => c.name), key: key.length > 0 ? key : ['rowid'] };
    });
  }

  /** Up to `limit` rows after `after` (a key tuple, or none for the first batch), in key order. */
  batch(table: SourceTable, after: unknown[] | null, limit: number): SourceRow[] {
    const keys = table.key.map(quote).join(', ');
    const where = after ? `WHERE (${keys}) > (${after.map(() => '?').join(', ')})` : '';
    const select = table.key[0] === 'rowid' ? `rowid, ${table.columns.map(quote).join(', ')}` : table.columns.map(quote).join(', ');
    const stmt = this.#db.prepare(`SELECT ${select} FROM ${quote(table.name)} ${where} ORDER BY ${keys} LIMIT ?`);
    stmt.setReadBigInts(true);
    return stmt.all(...((after ?? []) as never[]), limit) as SourceRow[];
  }

  /** Every row, for the checksum. */
  *rows(table: SourceTable): Iterable<SourceRow> {
    const stmt = this.#db.prepare(`SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`);
    stmt.setReadBigInts(true);
    yield* stmt.iterate() as Iterable<SourceRow>;
  }

  count(table: SourceTable): number {
    return Number((this.#db.prepare(`SELECT count(*) AS n FROM ${quote(table.name)}`).get() as { n: number }).n);
  }

  close(): void {
    this.#db.close();
  }
}
