import { spawn } from 'node:child_process';
import { cim } from './run-cli.ts';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-cli-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn' };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('cim merchant create', () => {
  it('prints the credentials once as JSON and stores the secrets only as hashes', async () => {
    const run = await cim(['merchant', 'create', '--name', 'X', '--origin', 'http://a.test', '--origin', 'https://shop.example:8443/'], env);
    expect(run.code, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(created).sort()).toEqual(['allowedOrigins', 'apiLoginId', 'id', 'name', 'secretKey', 'transactionKey']);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^mer_/),
      name: 'X',
      secretKey: expect.stringMatching(/^sk_[A-Za-z0-9_-]{40,}$/),
      apiLoginId: expect.stringMatching(/^[A-Za-z0-9]{8,25}$/),
      transactionKey: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      allowedOrigins: ['http://a.test', 'https://shop.example:8443'],
    });
    const { secretKey, transactionKey, apiLoginId } = created as { secretKey: string; transactionKey: string; apiLoginId: string };

    const db = new DatabaseSync(join(dir, 'cim.db'), { readOnly: true });
    const row = db.prepare('SELECT * FROM merchants').get() as Record<string, string>;
    db.close();
    expect(row).toMatchObject({ id: created.id, api_login_id: apiLoginId, secret_key_hash: sha256(secretKey), transaction_key_hash: sha256(transactionKey) });
    const raw = Buffer.concat([join(dir, 'cim.db'), join(dir, 'cim.db-wal')].filter(existsSync).map((f) => readFileSync(f)));
    expect(raw.includes(Buffer.from(secretKey))).toBe(false);
    expect(raw.includes(Buffer.from(transactionKey))).toBe(false);
    expect(raw.includes(Buffer.from(secretKey.slice(3, 20)))).toBe(false);
  });

  it('warns loudly on stderr and creates the development key (0600) when CIM_MASTER_KEY is unset', async () => {
    const run = await cim(['merchant', 'create', '--name', 'Dev', '--origin', 'http://a.test'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/!!! CIM_MASTER_KEY is not set: using the DEVELOPMENT master key/);
    expect(run.stdout).not.toMatch(/CIM_MASTER_KEY/);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing name, a bad origin or an unknown option with a message, not a stack trace', async () => {
    for (const args of [['--origin', 'http://a.test'], ['--name', 'X', '--origin', 'ftp://a.test'], ['--name', 'X', '--origin', 'http://a.test/path'], ['--name', 'X', '--colour', 'red']]) {
      const run = await cim(['merchant', 'create', ...args], env);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(/^cim: /m);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
  });
});

describe('configuration at start', () => {
  it('refuses to run in production without CIM_MASTER_KEY, and writes nothing', async () => {
    for (const args of [['serve'], ['migrate'], ['merchant', 'create', '--name', 'X', '--origin', 'http://a.test']]) {
      const run = await cim(args, { ...env, NODE_ENV: 'production' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/CIM_MASTER_KEY: required when NODE_ENV=production/);
    }
    expect(existsSync(join(dir, 'cim.db'))).toBe(false);
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
  });

  it('lists every configuration problem in one go', async () => {
    const run = await cim(['serve'], { ...env, CIM_PORT: 'x', CIM_PUBLIC_URL: 'nope', CIM_MASTER_KEY: 'short' });
    expect(run.code).toBe(2);
    for (const name of ['CIM_PORT', 'CIM_PUBLIC_URL', 'CIM_MASTER_KEY']) expect(run.stderr).toContain(name);
  });

  it('migrate applies the schema', async () => {
    const run = await cim(['migrate'], env);
    expect(run.code, run.stderr).toBe(0);
    const db = new DatabaseSync(join(dir, 'cim.db'), { readOnly: true });
    const versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version);
    db.close();
    expect(versions[0]).toBe(1);
  });

  it('prints usage for --help and for an unknown command', async () => {
    expect((await cim(['--help'], env)).stdout).toMatch(/merchant create --name NAME --origin URL/);
    const unknown = await cim(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/Usage: cim/);
  });
});

describe('cim serve', () => {
  /** Starts the server, resolving once it prints its URL. */
  function startServer(extra: Record<string, string>, cwd?: string) {
    const child = spawn(process.execPath, [MAIN, 'serve'], { env: { PATH: process.env.PATH ?? '', ...extra }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /CIM is running at (\S+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    });
    const stopped = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { ready, stop: async () => (child.kill('SIGTERM'), stopped) };
  }

  /**
   * Starts the server on a probed free port. Another test file may take the port
   * before the server listens on it; then the server says so and exits, and this
   * tries again on a new port.
   */
  async function startOnFreePort(envFor: (port: number) => Record<string, string>, cwd?: string) {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = startServer(envFor(port), cwd);
      try {
        return { server, port, url: await server.ready };
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE|already in use/.test(String(error))) throw error;
      }
    }
  }

  it('prints its URL, serves the API and keeps the data across a restart', async () => {
    const key = randomBytes(32).toString('base64');
    const serverEnv = (port: number) => ({ ...env, CIM_MASTER_KEY: key, CIM_PORT: String(port), CIM_PUBLIC_URL: `http://127.0.0.1:${port}` });
    const created = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'http://a.test'], serverEnv(0))).stdout) as { secretKey: string };
    const auth = { authorization: `Bearer ${created.secretKey}`, 'content-type': 'application/json' };

    const { server: first, port, url } = await startOnFreePort(serverEnv);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const customer = (await (await fetch(`http://127.0.0.1:${port}/v1/customers`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'keep@example.com' }) })).json()) as { id: string };
    const card = await fetch(`http://127.0.0.1:${port}/v1/customers/${customer.id}/payment-profiles`, {
      method: 'POST', headers: auth, body: JSON.stringify({ card: { number: '4111111111111111', expMonth: 12, expYear: 2040 } }),
    });
    expect(card.status).toBe(201);
    expect(await first.stop()).toBe(0);

    const { server: second, port: secondPort } = await startOnFreePort(serverEnv);
    const again = await fetch(`http://127.0.0.1:${secondPort}/v1/customers/${customer.id}`, { headers: auth });
    expect(await again.json()).toMatchObject({ email: 'keep@example.com', paymentProfiles: [{ card: { last4: '1111', expYear: 2040 } }] });
    expect(await second.stop()).toBe(0);
  });

  it('keeps its database and development key in ./data by default', async () => {
    const { server, url } = await startOnFreePort((port) => ({ CIM_PORT: String(port), CIM_LOG_LEVEL: 'warn' }), dir);
    expect(url).toBe('http://localhost:8787');
    expect(existsSync(join(dir, 'data', 'cim.db'))).toBe(true);
    expect(statSync(join(dir, 'data', 'master.key')).mode & 0o777).toBe(0o600);
    expect(await server.stop()).toBe(0);
  });
});
