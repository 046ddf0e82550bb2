/**
 * Copies a whole SQLite vault into PostgreSQL, row for row: ciphertexts, wrapped
 * keys and fingerprints go across as the stored bytes, never decrypted, and every
 * id stays the same, so each ciphertext stays bound (by its associated data) to
 * the same merchant, record and field. The target is migrated first; tables are
 * copied parent first, in key-ordered batches, each committed with its progress
 * mark, so a killed copy carries on where it stopped. It ends by comparing row
 * counts and a checksum per table on both sides.
 */
import { PostgresDatabase } from '../postgres/database.ts';
import { POSTGRES_DEFAULTS } from '../postgres/index.ts';
import { canonicalText } from './column-values.ts';
import { TableChecksum } from './checksum.ts';
import { advanceIdentities, dependencyOrder, ensureProgressTable, forEachTargetRow, insertBatch, PROGRESS_TABLE, readProgress, targetColumns, type TargetColumn } from './postgres-target.ts';
import { SqliteSource, type SourceTable } from './sqlite-source.ts';

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  match: boolean;
}

export interface CopyOptions {
  sqlitePath: string;
  postgresUrl: string;
  batchSize?: number;
  /** Called after each committed batch (progress output; tests use it to kill a copy mid-way). */
  onBatch?: (table: string, copied: number) => void;
}

/** Columns of the source table that the target lacks, or the reverse: a schema mismatch the copy refuses. */
function schemaMismatch(source: SourceTable, target: TargetColumn[] | undefined): string | null {
  if (!target) return `table ${source.name} does not exist in PostgreSQL`;
  const missing = source.columns.filter((c) => !target.some((t) => t.name === c));
  const extra = target.filter((t) => !source.columns.includes(t.name)).map((t) => t.name);
  if (missing.length === 0 && extra.length === 0) return null;
  return `table ${source.name} differs: ${[...missing.map((c) => `${c} only in SQLite`), ...extra.map((c) => `${c} only in PostgreSQL`)].join(', ')}`;
}

export async function copyVault(options: CopyOptions): Promise<TableReport[]> {
  const batchSize = options.batchSize ?? 500;
  const source = new SqliteSource(options.sqlitePath);
  const database = new PostgresDatabase({ ...POSTGRES_DEFAULTS, url: options.postgresUrl, poolSize: 2, statementTimeoutMs: 600_000 });
  try {
    await database.migrate();
    const sql = database.sql;
    const columnsOf = await targetColumns(sql);
    const tables = new Map(source.tables().map((t) => [t.name, t]));
    const problems = [...tables.values()].map((t) => schemaMismatch(t, columnsOf.get(t.name))).filter((p) => p !== null);
    if (problems.length > 0) throw new Error(`The SQLite and PostgreSQL schemas differ; nothing was copied. Both must be at this CIM version's migrations (run \`cim migrate\` on an older SQLite vault):\n  ${problems.join('\n  ')}`);

    await ensureProgressTable(sql);
    const progress = await readProgress(sql);
    const order = await dependencyOrder(sql, [...tables.keys()]);
    for (const name of order) {
      const table = tables.get(name)!;
      // Target columns in the source's column order, so a row maps to values by position.
      const columns = table.columns.map((c) => columnsOf.get(name)!.find((t) => t.name === c)!);
      let mark = progress.get(name) ?? { lastKey: null, done: false };
      let copied = 0;
      while (!mark.done) {
        const rows = source.batch(table, mark.lastKey, batchSize);
        const last = rows.at(-1);
        const lastKey = last ? table.key.map((k) => (typeof last[k] === 'bigint' ? String(last[k]) : last[k])) : mark.lastKey;
        mark = { lastKey, done: rows.length < batchSize };
        await insertBatch(sql, name, columns, rows.map((r) => columns.map((c) => canonicalText(c.kind, r[c.name]))), mark);
        copied += rows.length;
        options.onBatch?.(name, copied);
      }
      await advanceIdentities(sql, name, columns);
    }

    const reports: TableReport[] = [];
    for (const name of order) {
      const table = tables.get(name)!;
      const columns = columnsOf.get(name)!;
      const kinds = columns.map((c): [string, TargetColumn['kind']] => [c.name, c.kind]);
      const fromSource = new TableChecksum(kinds);
      for (const row of source.rows(table)) fromSource.add(row);
      const fromTarget = new TableChecksum(kinds);
      await forEachTargetRow(sql, name, columns, (row) => fromTarget.add(row));
      reports.push({
        table: name,
        sourceRows: fromSource.rows,
        targetRows: fromTarget.rows,
        sourceChecksum: fromSource.hex,
        targetChecksum: fromTarget.hex,
        match: fromSource.rows === fromTarget.rows && fromSource.hex === fromTarget.hex,
      });
    }
    // Verified: the progress marks have done their job. Kept on a mismatch, so a rerun can be inspected.
    if (reports.every((r) => r.match)) await sql.unsafe(`DROP TABLE ${PROGRESS_TABLE}`);
    return reports;
  } finally {
    source.close();
    await database.close();
  }
}
