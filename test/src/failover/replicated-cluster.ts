import { setTimeout as sleep } from 'node:timers/promises';
import { startPostgresCluster, startStandby, type PostgresCluster } from '../../../server/src/testing/postgres-cluster.ts';
import { createTestDatabase } from '../../../server/src/testing/postgres-database.ts';
import { psql } from '../psql.ts';

const STANDBY_NAME = 'cim_standby';

export interface ReplicatedCluster {
  primary: PostgresCluster;
  standby: PostgresCluster;
  database: string;
  /** Both hosts, primary first, with target_session_attrs=read-write: what CIM is given. */
  multiHostUrl: string;
  remove(): Promise<void>;
}

/**
 * A primary and a streaming standby made with pg_basebackup. The standby is made
 * synchronous only once it streams: naming it earlier would block every commit.
 */
export async function startReplicatedCluster(): Promise<ReplicatedCluster> {
  const primary = await startPostgresCluster();
  const database = new URL(await createTestDatabase(primary.url)).pathname.slice(1);
  const standby = await startStandby(primary, { applicationName: STANDBY_NAME });
  const remove = async () => {
    await Promise.all([primary.remove(), standby.remove()]);
  };
  try {
    for (let i = 0; ; i++) {
      if ((await psql(primary.port, 'postgres', `SELECT state FROM pg_stat_replication WHERE application_name = '${STANDBY_NAME}'`)) === 'streaming') break;
      if (i > 300) throw new Error('the standby never started streaming');
      await sleep(100);
    }
    await psql(primary.port, 'postgres', `ALTER SYSTEM SET synchronous_standby_names = '${STANDBY_NAME}'`);
    await psql(primary.port, 'postgres', 'SELECT pg_reload_conf()');
    for (let i = 0; ; i++) {
      if ((await psql(primary.port, 'postgres', `SELECT sync_state FROM pg_stat_replication WHERE application_name = '${STANDBY_NAME}'`)) === 'sync') break;
      if (i > 300) throw new Error('the standby never became synchronous');
      await sleep(100);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  const multiHostUrl = `postgres://cim@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/${database}?target_session_attrs=read-write`;
  return { primary, standby, database, multiHostUrl, remove };
}
