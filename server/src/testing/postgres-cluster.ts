import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const POSTGRES_BIN = process.env.CIM_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** What a throwaway PostgreSQL server offers a test. */
export interface PostgresCluster {
  /** postgres://cim@127.0.0.1:<port>/<database>, trust authentication on loopback only. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** A URL for another database of this cluster. */
  urlFor(database: string): string;
  /** Starts the server again after stop(). */
  start(): Promise<void>;
  /** `fast` shuts down cleanly; `immediate` is a crash (no checkpoint), as in a failover test. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (if running) and deletes its data directory. */
  remove(): Promise<void>;
}

export interface ClusterOptions {
  /** Extra postgresql.conf settings, e.g. synchronous_standby_names. */
  settings?: Record<string, string | number>;
  /** Lines added to pg_hba.conf (the default allows the cim user from 127.0.0.1 only). */
  hba?: string[];
}

/**
 * initdb and postgres refuse to run as root. When the tests run as root (CI,
 * this machine), the server runs as Debian's `postgres` user; otherwise as us.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('Running as root, but there is no "postgres" OS user to run PostgreSQL as (install Debian\'s postgresql).');
  return { uid, gid };
}

async function pgBin(name: string, args: string[]): Promise<string> {
  const user = serverUser();
  try {
    const { stdout } = await run(join(POSTGRES_BIN, name), args, { ...(user ?? {}), cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`${name} ${args.join(' ')} failed: ${e.stderr || e.stdout || String(error)}`, { cause: error });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A data directory owned by the user the server runs as. */
function makeDataDir(): string {
  const parent = mkdtempSync(join(tmpdir(), 'cim-pg-'));
  const dataDir = join(parent, 'data');
  const user = serverUser();
  if (user) chownSync(parent, user.uid, user.gid);
  return dataDir;
}

function cluster(dataDir: string, port: number): PostgresCluster {
  const urlFor = (database: string) => `postgres://cim@127.0.0.1:${port}/${database}`;
  let running = true;
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await pgBin('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w']);
    running = false;
  };
  return {
    url: urlFor('postgres'),
    port,
    dataDir,
    urlFor,
    start: async () => {
      if (running) return;
      await pgBin('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', join(dataDir, '..', 'server.log')]);
      running = true;
    },
    stop,
    remove: async () => {
      await stop('immediate').catch(() => undefined);
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

function configure(dataDir: string, port: number, options: ClusterOptions): void {
  const settings: Record<string, string | number> = {
    listen_addresses: "'127.0.0.1'",
    port,
    // The socket lives in the data dir, so no system directory is needed (or shared with another cluster).
    unix_socket_directories: `'${dataDir}'`,
    // Durability is what the store promises; tests run with it on, as production does.
    fsync: 'on',
    synchronous_commit: 'on',
    full_page_writes: 'on',
    max_connections: 200,
    shared_buffers: "'32MB'",
    wal_level: 'replica',
    max_wal_senders: 5,
    ...options.settings,
  };
  const conf = Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n');
  writeFileSync(join(dataDir, 'postgresql.auto.conf'), `${conf}\n`);
  const hba = ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ...(options.hba ?? [])];
  writeFileSync(join(dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`);
}

async function startOnFreePort(dataDir: string, options: ClusterOptions): Promise<PostgresCluster> {
  // A probed port can be taken before the server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    configure(dataDir, port, options);
    try {
      await pgBin('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', join(dataDir, '..', 'server.log')]);
      return cluster(dataDir, port);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * A throwaway PostgreSQL server: its own data directory under the temp folder,
 * loopback only, a free port, fsync on, superuser `cim` with trust auth.
 */
export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) throw new Error(`PostgreSQL server binaries not found in ${POSTGRES_BIN}: apt-get install postgresql (pnpm test does it).`);
  const dataDir = makeDataDir();
  await pgBin('initdb', ['-D', dataDir, '-U', 'cim', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions']);
  return startOnFreePort(dataDir, options);
}

/**
 * A streaming standby of `primary` (pg_basebackup), started on its own port.
 * Name it in the primary's synchronous_standby_names to make it synchronous.
 */
export async function startStandby(primary: PostgresCluster, options: ClusterOptions & { applicationName?: string } = {}): Promise<PostgresCluster> {
  const dataDir = makeDataDir();
  await pgBin('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'cim', '-D', dataDir, '-X', 'stream', '-R', '--checkpoint=fast']);
  const name = options.applicationName ?? 'standby';
  return startOnFreePort(dataDir, {
    ...options,
    settings: { primary_conninfo: `'host=127.0.0.1 port=${primary.port} user=cim application_name=${name}'`, ...options.settings },
  });
}

/** Promotes a standby to primary and waits until it accepts writes. */
export async function promote(standby: PostgresCluster): Promise<void> {
  await pgBin('pg_ctl', ['promote', '-D', standby.dataDir, '-w', '-t', '60']);
}
