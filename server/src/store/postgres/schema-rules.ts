import type postgres from 'postgres';

/**
 * The Citus-ready rule, checked against PostgreSQL's catalog: every table is
 * marked (COMMENT 'cim:tenant', 'cim:reference' or 'cim:distributed:<column>');
 * a tenant table has a NOT NULL merchant_id, a primary key starting with it,
 * unique indexes that start with it, and foreign keys to other tenant tables
 * that start with it on both sides; a reference table references no tenant
 * table. A table distributed by a column of its own (not per merchant, e.g.
 * rate-limit buckets) holds to the same key rules for that column and references
 * only reference tables (it is co-located with nothing). Returns one line per breach.
 */
export async function schemaProblems(sql: postgres.Sql, schema = 'public'): Promise<string[]> {
  const tables = await sql<{ oid: number; name: string; kind: string | null }[]>`
    SELECT c.oid::int AS oid, c.relname AS name, obj_description(c.oid, 'pg_class') AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') ORDER BY c.relname`;
  const columns = await sql<{ table: number; num: number; name: string; notnull: boolean }[]>`
    SELECT a.attrelid::int AS table, a.attnum::int AS num, a.attname AS name, a.attnotnull AS notnull
    FROM pg_attribute a WHERE a.attrelid = ANY(${tables.map((t) => t.oid)}::int[]) AND a.attnum > 0 AND NOT a.attisdropped`;
  const constraints = await sql<{ table: number; name: string; type: string; keys: number[]; refTable: number | null; refKeys: number[] | null }[]>`
    SELECT conrelid::int AS table, conname AS name, contype AS type, conkey::int[] AS keys, nullif(confrelid, 0)::int AS "refTable", confkey::int[] AS "refKeys"
    FROM pg_constraint WHERE conrelid = ANY(${tables.map((t) => t.oid)}::int[]) AND contype IN ('p', 'f', 'u')`;
  const uniqueIndexes = await sql<{ table: number; name: string; firstKey: number }[]>`
    SELECT i.indrelid::int AS table, c.relname AS name, i.indkey[0]::int AS "firstKey"
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = ANY(${tables.map((t) => t.oid)}::int[]) AND i.indisunique`;

  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const column = (table: number, num: number) => columns.find((c) => c.table === table && c.num === num)?.name;
  const problems: string[] = [];

  for (const t of tables) {
    const ownKey = /^cim:distributed:([a-z_][a-z0-9_]*)$/.exec(t.kind ?? '')?.[1];
    if (t.kind !== 'cim:tenant' && t.kind !== 'cim:reference' && !ownKey) {
      problems.push(`${t.name}: not marked as a tenant, reference or distributed table (COMMENT ON TABLE … IS 'cim:tenant' | 'cim:reference' | 'cim:distributed:<column>')`);
      continue;
    }
    const own = constraints.filter((c) => c.table === t.oid);
    if (t.kind === 'cim:reference') {
      for (const fk of own.filter((c) => c.type === 'f' && c.refTable !== null && byOid.get(c.refTable)?.kind === 'cim:tenant')) {
        problems.push(`${t.name}: reference table has foreign key ${fk.name} to tenant table ${byOid.get(fk.refTable!)?.name}`);
      }
      continue;
    }
    const key = ownKey ?? 'merchant_id';
    const kc = columns.find((c) => c.table === t.oid && c.name === key);
    if (!kc) {
      problems.push(`${t.name}: ${ownKey ? 'distributed' : 'tenant'} table without a ${key} column`);
      continue;
    }
    if (!kc.notnull) problems.push(`${t.name}: ${key} may be NULL (it is the distribution column)`);
    const pk = own.find((c) => c.type === 'p');
    if (!pk) problems.push(`${t.name}: no primary key`);
    else if (column(t.oid, pk.keys[0]!) !== key) problems.push(`${t.name}: primary key ${pk.name} does not start with ${key}`);
    for (const fk of own.filter((c) => c.type === 'f')) {
      const target = fk.refTable === null ? undefined : byOid.get(fk.refTable);
      if (target?.kind === 'cim:reference') continue;
      if (ownKey) problems.push(`${t.name}: table distributed by ${key} has foreign key ${fk.name} to non-reference table ${target?.name ?? '?'}`);
      else if (column(t.oid, fk.keys[0]!) !== 'merchant_id' || column(fk.refTable!, fk.refKeys![0]!) !== 'merchant_id') {
        problems.push(`${t.name}: foreign key ${fk.name} to ${target?.name ?? '?'} does not start with merchant_id on both sides`);
      }
    }
    for (const index of uniqueIndexes.filter((i) => i.table === t.oid)) {
      if (column(t.oid, index.firstKey) !== key) problems.push(`${t.name}: unique index ${index.name} does not start with ${key}`);
    }
  }
  return problems;
}
