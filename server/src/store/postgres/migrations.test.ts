import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase } from '../../testing/postgres-database.ts';
import { migrationVersions } from './database.ts';
import { openPostgresStore } from './index.ts';

describe('PostgreSQL migrations', () => {
  it('several instances starting together on an empty database apply each migration once, under the advisory lock', async () => {
    const url = await createTestDatabase(inject('postgresUrl'));
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url })));
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      const rows = await sql<{ version: number; n: number }[]>`SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version`;
      expect(rows.map((r) => r.version)).toEqual(migrationVersions());
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // Every instance works on the migrated schema.
      for (const store of stores) expect(await store.merchants.list()).toEqual([]);
      // And opening again finds nothing to do.
      expect(await stores[0]!.database.migrate()).toEqual([]);
    } finally {
      await sql.end();
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
