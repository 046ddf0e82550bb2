import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Starting and stopping the real server and the CLI for bench/run.ts and bench/scale.ts. */
export const SERVER_ROOT = join(import.meta.dirname, '..');
export const CLI = join(SERVER_ROOT, 'src/cli/main.ts');

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

export function runNode(args: string[], env: NodeJS.ProcessEnv, cwd = SERVER_ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

export function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve'], { env, cwd: SERVER_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('CIM is running at')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the server exited early (code ${code})`)));
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The environment of a bench server on loopback: production mode, a fresh master key, warnings only. */
export async function benchServerEnv(databaseUrl: string, dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<{ env: NodeJS.ProcessEnv; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    CIM_PORT: String(port),
    CIM_HOST: '127.0.0.1',
    CIM_PUBLIC_URL: baseUrl,
    CIM_DATABASE_URL: databaseUrl,
    CIM_DATA_DIR: dataDir,
    CIM_MASTER_KEY: randomBytes(32).toString('base64'),
    CIM_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Production refuses a plain-http public URL unless a TLS-terminating proxy is named; the
    // load generator on loopback plays that proxy (it sends no forwarding headers).
    CIM_TRUST_PROXY: '127.0.0.1/32',
    ...extra,
  };
  return { env, baseUrl };
}
