import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/postgres-database.ts';
import { startPostgresCluster, startStandby, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { PostgresDatabase, sessionAttrs } from './database.ts';
import { POSTGRES_DEFAULTS } from './index.ts';

describe('sessionAttrs', () => {
  it('reads read-write (and nothing) as the primary, keeps the other values postgres.js knows', () => {
    expect(sessionAttrs('postgres://h1,h2/db?target_session_attrs=read-write')).toBe('primary');
    expect(sessionAttrs('postgres://h1,h2/db')).toBe('primary');
    expect(sessionAttrs('postgres://h/db?sslmode=require&target_session_attrs=prefer-standby')).toBe('prefer-standby');
  });
});

describe('a multi-host URL naming a hot standby first', () => {
  let primary: PostgresCluster;
  let standby: PostgresCluster;
  let db: PostgresDatabase;

  beforeAll(async () => {
    primary = await startPostgresCluster();
    const name = new URL(await createTestDatabase(primary.url)).pathname;
    standby = await startStandby(primary);
    const url = `postgres://cim@127.0.0.1:${standby.port},127.0.0.1:${primary.port}${name}?target_session_attrs=read-write`;
    db = new PostgresDatabase({ ...POSTGRES_DEFAULTS, poolSize: 4, url });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await Promise.all([standby?.remove(), primary?.remove()]);
  });

  // postgres.js alone would settle on the standby here: every SERIALIZABLE transaction would fail.
  it('connects every pooled connection to the primary, so transactions run', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => db.transaction(async (x) => (await x.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'))[0]!.standby)),
    );
    expect(answers).toEqual(Array(8).fill(false));
  });
});
