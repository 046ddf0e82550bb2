import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { inject } from 'vitest';
import type { PostgresDatabase } from '../store/postgres/database.ts';
import type { Store } from '../store/types.ts';

/**
 * Tests that look at the database itself, past the store (what is committed,
 * what is in clear in the files), on whichever store the test app runs on.
 */
export interface TestDatabase {
  dbPath: string;
  deps: { store: Store };
}

const postgresOf = (store: Store) => (store.kind === 'postgres' ? (store as Store & { database: PostgresDatabase }).database : null);

/** Runs one SELECT on a connection of its own: it sees only what is committed. */
export async function readDatabase<T = Record<string, unknown>>(t: TestDatabase, query: string): Promise<T[]> {
  const pg = postgresOf(t.deps.store);
  if (pg) return (await pg.sql.unsafe(query)) as unknown as T[];
  const db = new DatabaseSync(t.dbPath, { readOnly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

/**
 * Runs one statement that changes stored rows, on a connection of its own (past the store
 * and its checks): for tests of what the server does with data someone tampered with.
 */
export async function tamperDatabase(t: TestDatabase, statement: string): Promise<void> {
  const pg = postgresOf(t.deps.store);
  if (pg) {
    await pg.sql.unsafe(statement);
    return;
  }
  const db = new DatabaseSync(t.dbPath);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec(statement);
  } finally {
    db.close();
  }
}

/** Rows per table: what "writes nothing" is checked against. */
export async function rowCounts(t: TestDatabase): Promise<Record<string, number>> {
  if (postgresOf(t.deps.store)) {
    // One round trip for every table (property tests count before and after each request).
    const rows = await readDatabase<{ name: string; n: number }>(
      t,
      `SELECT tablename AS name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', tablename), false, true, '')))[1]::text::int AS n
         FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
  }
  // One read-only connection (one consistent snapshot) for every table.
  const db = new DatabaseSync(t.dbPath, { readOnly: true });
  try {
    db.exec('BEGIN');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, Number((db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n)]));
  } finally {
    db.close();
  }
}

/**
 * The bytes the database has written to disk: SQLite's main file and WAL, or
 * PostgreSQL's write-ahead log (every committed row passes through it, fsynced).
 */
export async function databaseFiles(t: TestDatabase): Promise<Buffer[]> {
  const pg = postgresOf(t.deps.store);
  if (pg) {
    // A checkpoint of the whole shared cluster can outlast the store's statement_timeout on a loaded machine.
    await pg.sql.begin(async (tx) => {
      await tx.unsafe('SET LOCAL statement_timeout = 0');
      await tx.unsafe('CHECKPOINT');
    });
    const dataDir = inject('postgresDataDir');
    const wal = join(dataDir, 'pg_wal');
    const files = readdirSync(wal).filter((f) => /^[0-9A-F]{24}$/.test(f)).map((f) => readFileSync(join(wal, f)));
    const base = join(dataDir, 'base');
    for (const db of readdirSync(base)) for (const f of readdirSync(join(base, db))) if (/^\d+$/.test(f)) files.push(readFileSync(join(base, db, f)));
    return files;
  }
  return [t.dbPath, `${t.dbPath}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
}
