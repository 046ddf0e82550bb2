import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { POSTGRES_BIN } from '../../../server/src/testing/postgres-cluster.ts';

/**
 * The PostgreSQL store's tests start their own throwaway cluster from Debian's
 * postgresql (15) server binaries. On a fresh machine (CI runs as root) the
 * project installs the package itself, as it does chromium.
 */
export function ensurePostgres(log: (line: string) => void = console.log): void {
  if (existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl'))) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || spawnSync('which', ['apt-get']).status !== 0) {
    throw new Error(`The PostgreSQL tests need Debian's PostgreSQL server binaries in ${POSTGRES_BIN}: run "sudo apt-get install -y postgresql" (or set CIM_POSTGRES_BIN).`);
  }
  log('Installing Debian postgresql for the PostgreSQL store tests (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) throw new Error(`apt-get finished but ${POSTGRES_BIN}/initdb is still missing.`);
}
