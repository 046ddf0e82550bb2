import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrationVersions } from '../store/postgres/database.ts';
import { createTestDatabase } from '../testing/postgres-database.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
/** Every numbered migration the PostgreSQL store ships. */
const MIGRATIONS = migrationVersions();

function cim(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('cim on PostgreSQL (CIM_DATABASE_URL=postgres://…)', () => {
  let dir: string;
  let env: Record<string, string>;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cim-cli-pg-'));
    url = await createTestDatabase(inject('postgresUrl'));
    env = { CIM_DATABASE_URL: url, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate applies the schema, and again finds it current', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await cim(['migrate'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/latest schema \(postgres\)/);
    }
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    const versions = (await sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`).map((r) => r.version);
    await sql.end();
    expect(versions).toEqual(MIGRATIONS);
    expect(versions).toContain(17);
  });

  it('merchant create stores the merchant in PostgreSQL, reachable through a multi-host URL', async () => {
    // The first host refuses connections; the driver moves on to the one that accepts writes.
    const u = new URL(url);
    const multi = `postgres://cim@127.0.0.1:1,${u.host}${u.pathname}`;
    const run = await cim(['merchant', 'create', '--name', 'Multi', '--origin', 'http://a.test'], { ...env, CIM_DATABASE_URL: multi });
    expect(run.code, run.stderr).toBe(0);
    const { id } = JSON.parse(run.stdout) as { id: string };
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    const rows = await sql`SELECT name FROM merchants WHERE id = ${id}`;
    await sql.end();
    expect(rows).toEqual([{ name: 'Multi' }]);
  });

  it('an unreachable database is one line on stderr, not a stack trace', async () => {
    const run = await cim(['migrate'], { ...env, CIM_DATABASE_URL: 'postgres://cim@127.0.0.1:1/cim', CIM_DATABASE_CONNECT_TIMEOUT_MS: '500' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cim: The database is unavailable/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
