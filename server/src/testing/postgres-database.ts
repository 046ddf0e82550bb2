import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** A new, empty database in the cluster at `clusterUrl`; returns its URL. */
export async function createTestDatabase(clusterUrl: string): Promise<string> {
  const name = `cim_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(clusterUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Empties every table but schema_migrations: a clean store without migrating again. */
export async function truncateAll(sql: postgres.Sql): Promise<void> {
  const tables = await sql<{ name: string }[]>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`;
  if (tables.length > 0) await sql.unsafe(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} CASCADE`);
}
