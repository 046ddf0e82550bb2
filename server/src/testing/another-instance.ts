import type { Store } from '../store/types.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { TestDatabase } from './database-reader.ts';

/**
 * A second store on the test's own database, with connections of its own: what
 * another CIM instance behind the same load balancer would see. SQLite: the same
 * file; PostgreSQL: the same database of the run's cluster.
 */
export async function openAnotherStore(t: TestDatabase): Promise<Store> {
  if (t.deps.store.kind !== 'postgres') return openSqliteStore(t.dbPath);
  // Loaded only here: it reads the cluster URL that vitest's globalSetup provides.
  const { testDatabaseUrl } = await import('../store/postgres/temp-store.ts');
  const { openPostgresStore } = await import('../store/postgres/index.ts');
  return openPostgresStore({ url: await testDatabaseUrl() });
}
