import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { POSTGRES_BIN } from '../../server/src/testing/postgres-cluster.ts';

const run = promisify(execFile);

/** One SQL statement through psql (tuples only, unaligned): a test's view of a PostgreSQL server, past CIM. */
export async function psql(port: number, database: string, statement: string): Promise<string> {
  const { stdout } = await run(join(POSTGRES_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'cim', '-d', database, '-XAtqc', statement], { encoding: 'utf8' });
  return stdout.trim();
}
