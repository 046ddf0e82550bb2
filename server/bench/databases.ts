import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startPostgresCluster, type PostgresCluster } from '../src/testing/postgres-cluster.ts';
import { createTestDatabase } from '../src/testing/postgres-database.ts';
import { sqliteBytesPerProfile } from './storage.ts';

export type StoreName = 'sqlite' | 'postgres';

/** Where the vault lives for one bench run, and what can be measured about it. */
export interface BenchDatabase {
  name: StoreName;
  url: string;
  /** One line for the bench's header. */
  describe: string;
  bytesPerProfile(): Promise<{ rows: number; bytes: number; perRow: number }>;
  /** After a bulk load, what an operator would run before serving: no background catch-up work left to compete with the measurement. */
  afterBulkLoad(): Promise<void>;
  /** The database server's process (null for the embedded store, whose work is in CIM's process). */
  pid: number | null;
  close(): Promise<void>;
}

export function sqliteDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'cim-bench-db-'));
  const path = join(dir, 'cim.db');
  return {
    name: 'sqlite',
    url: `sqlite:${path}`,
    describe: 'SQLite WAL synchronous=FULL (embedded)',
    bytesPerProfile: async () => sqliteBytesPerProfile(path),
    afterBulkLoad: async () => undefined,
    pid: null,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A throwaway PostgreSQL 15 cluster on loopback (fsync and synchronous_commit on,
 * as the store requires), sized like a small production server rather than the
 * tests' 32 MB.
 */
export async function postgresDatabase(): Promise<BenchDatabase & { pid: number }> {
  const cluster: PostgresCluster = await startPostgresCluster({ settings: { shared_buffers: "'1GB'", max_connections: 300 } });
  const url = await createTestDatabase(cluster.url);
  const postmasterPid = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    name: 'postgres',
    url,
    describe: 'PostgreSQL 15 on loopback (fsync on, synchronous_commit on, SERIALIZABLE)',
    bytesPerProfile: async () => {
      const sql = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        const [row] = await sql<Array<{ rows: string; bytes: string }>>`SELECT count(*) AS rows, pg_total_relation_size('payment_profiles') AS bytes FROM payment_profiles`;
        const rows = Number(row!.rows);
        const bytes = Number(row!.bytes);
        return { rows, bytes, perRow: bytes / rows };
      } finally {
        await sql.end();
      }
    },
    // Autovacuum would otherwise vacuum the freshly loaded gigabyte (and first reads set hint bits) during the measurement.
    afterBulkLoad: async () => {
      const sql = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await sql.unsafe('VACUUM (ANALYZE)');
      } finally {
        await sql.end();
      }
    },
    pid: postmasterPid,
    close: () => cluster.remove(),
  };
}

export const openBenchDatabase = (name: StoreName) => (name === 'postgres' ? postgresDatabase() : Promise.resolve(sqliteDatabase()));
