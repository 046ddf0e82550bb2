import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgresCluster } from '../../../server/src/testing/postgres-cluster.ts';
import { createTestDatabase } from '../../../server/src/testing/postgres-database.ts';

/** A database that several CIM processes share for one test file. */
export interface SharedDatabase {
  url: string;
  stop(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';

/**
 * PostgreSQL: a throwaway cluster (loopback, free port, fsync on) with one database.
 * SQLite: one file in a temporary folder, which WAL lets several processes open.
 */
export async function startSharedDatabase(kind: StoreKind): Promise<SharedDatabase> {
  if (kind === 'postgres') {
    const cluster = await startPostgresCluster();
    return { url: await createTestDatabase(cluster.url), stop: () => cluster.remove() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cim-shared-db-'));
  return { url: `sqlite:${join(dir, 'cim.db')}`, stop: async () => rmSync(dir, { recursive: true, force: true }) };
}
