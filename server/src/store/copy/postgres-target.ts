import type postgres from 'postgres';
import { columnKind, type ColumnKind } from './column-values.ts';

export interface TargetColumn {
  name: string;
  /** format_type(): the cast the copy applies to each value's canonical text. */
  type: string;
  kind: ColumnKind;
  /** GENERATED ALWAYS AS IDENTITY: inserting the source's ids needs OVERRIDING SYSTEM VALUE, and its sequence moving past them. */
  identity: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** Where a copy records how far it got, per table, in the same transaction as each batch. Dropped once the copy is verified. */
export const PROGRESS_TABLE = 'cim_copy_progress';

/** The columns of every table of the target's current schema. */
export async function targetColumns(sql: postgres.Sql): Promise<Map<string, TargetColumn[]>> {
  const rows = await sql<Array<{ table: string; name: string; type: string; identity: string }>>`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attidentity AS identity
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`;
  const tables = new Map<string, TargetColumn[]>();
  for (const r of rows) {
    const list = tables.get(r.table) ?? [];
    list.push({ name: r.name, type: r.type, kind: columnKind(r.type), identity: r.identity === 'a' });
    tables.set(r.table, list);
  }
  return tables;
}

/** Table names ordered so that every table comes after the tables its foreign keys reference. */
export async function dependencyOrder(sql: postgres.Sql, names: string[]): Promise<string[]> {
  const edges = await sql<Array<{ child: string; parent: string }>>`
    SELECT c.relname AS child, p.relname AS parent
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname <> p.relname`;
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name)) return;
    if (path.has(name)) throw new Error(`Foreign keys form a cycle through ${name}.`);
    path.add(name);
    for (const parent of parents.get(name) ?? []) if (parents.has(parent)) visit(parent, path);
    path.delete(name);
    ordered.push(name);
  };
  for (const name of [...names].sort()) visit(name, new Set());
  return ordered;
}

export async function ensureProgressTable(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (table_name text PRIMARY KEY, last_key jsonb, done boolean NOT NULL DEFAULT false)`);
}

export interface Progress {
  lastKey: unknown[] | null;
  done: boolean;
}

export async function readProgress(sql: postgres.Sql): Promise<Map<string, Progress>> {
  const rows = await sql.unsafe<Array<{ table_name: string; last_key: string[] | null; done: boolean }>>(`SELECT table_name, last_key, done FROM ${PROGRESS_TABLE}`);
  return new Map(rows.map((r) => [r.table_name, { lastKey: r.last_key, done: r.done }]));
}

/**
 * Inserts one batch (each value as canonical text, cast to its column's type) and
 * records the batch's last key, in one transaction: a copy killed at any moment
 * resumes after the last batch that committed. ON CONFLICT DO NOTHING keeps a
 * replayed batch harmless.
 */
export async function insertBatch(sql: postgres.Sql, table: string, columns: TargetColumn[], rows: Array<Array<string | null>>, progress: Progress): Promise<void> {
  const list = columns.map((c) => quote(c.name)).join(', ');
  const params: Array<string | null> = [];
  const tuples = rows.map((row) =>
    `(${row.map((value, i) => {
      params.push(value);
      return `$${params.length}::text::${columns[i]!.type}`;
    }).join(', ')})`,
  );
  const overriding = columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  await sql.begin(async (tx) => {
    if (rows.length > 0) await tx.unsafe(`INSERT INTO ${quote(table)} (${list})${overriding} VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, params);
    await tx.unsafe(
      `INSERT INTO ${PROGRESS_TABLE} (table_name, last_key, done) VALUES ($1, $2::text::jsonb, $3) ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, done = excluded.done`,
      [table, progress.lastKey ? JSON.stringify(progress.lastKey) : null, progress.done],
    );
  });
}

/** Moves identity sequences past the ids copied in, so the next generated id is new. */
export async function advanceIdentities(sql: postgres.Sql, table: string, columns: TargetColumn[]): Promise<void> {
  for (const c of columns.filter((col) => col.identity)) {
    await sql.unsafe(
      `SELECT setval(pg_get_serial_sequence($1, $2), greatest((SELECT max(${quote(c.name)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))`,
      [table, c.name],
    );
  }
}

/** Every row of a table, in batches through a cursor, for the checksum. */
export async function forEachTargetRow(sql: postgres.Sql, table: string, columns: TargetColumn[], each: (row: Record<string, unknown>) => void): Promise<void> {
  await sql.unsafe(`SELECT ${columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table)}`).cursor(1_000, (rows) => {
    for (const row of rows) each(row);
  });
}
