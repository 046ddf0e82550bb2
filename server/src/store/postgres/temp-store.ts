import { inject } from 'vitest';
import { createTestDatabase, truncateAll } from '../../testing/postgres-database.ts';
import type { StoreFixture } from '../contract.ts';
import { openPostgresStore } from './index.ts';

let database: Promise<string> | undefined;

/** A database of its own per test file, in the run's shared cluster. */
export function testDatabaseUrl(): Promise<string> {
  database ??= createTestDatabase(inject('postgresUrl'));
  return database;
}

/** For the contract suites: the real server (fsync on), emptied before each test. */
export async function tempPostgresStore(): Promise<StoreFixture> {
  const store = await openPostgresStore({ url: await testDatabaseUrl() });
  await truncateAll(store.database.sql);
  return { store, cleanup: () => store.close() };
}
