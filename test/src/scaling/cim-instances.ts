import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../server/src/testing/postgres-cluster.ts';

const MAIN = resolve(import.meta.dirname, '../../../server/src/cli/main.ts');

export interface CimInstance {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** What every instance of one CIM installation shares: the database and the master key. */
export function installation(databaseUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cim-scaling-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    CIM_DATABASE_URL: databaseUrl,
    CIM_DATA_DIR: dir,
    CIM_MASTER_KEY: randomBytes(32).toString('base64'),
    CIM_LOG_LEVEL: 'warn',
    // One installation has one public URL (behind its load balancer): the token issuer and audience.
    CIM_PUBLIC_URL: 'http://cim.test',
  };
  return { env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one `cim` command to its end. */
export function cim(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [MAIN, ...args], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Starts a real `cim serve` process on a free port of 127.0.0.1; resolves once it listens. */
export async function startInstance(env: Record<string, string>): Promise<CimInstance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { ...env, CIM_PORT: String(port), CIM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`cim serve did not start: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('CIM is running at')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`cim serve exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
