import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');

function cim(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-staff-cli-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cim staff create', () => {
  it('prints a one-time password once and stores only its scrypt hash', async () => {
    const merchant = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'http://a.test'], env)).stdout) as { id: string };
    const run = await cim(['staff', 'create', '--merchant', merchant.id, '--email', 'Ops@Shop.Test', '--role', 'operator'], env);
    expect(run.code, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout) as Record<string, string>;
    expect(created).toMatchObject({ merchantId: merchant.id, email: 'ops@shop.test', role: 'operator', password: expect.stringMatching(/^[A-Za-z0-9]{20}$/) });
    const db = new DatabaseSync(join(dir, 'cim.db'));
    const row = db.prepare('SELECT * FROM staff_accounts').get() as Record<string, string>;
    db.close();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(row)).not.toContain(created.password);
  });

  it('refuses an unknown merchant, a bad role, a bad email and a taken email, with exit code 2', async () => {
    const merchant = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'http://a.test'], env)).stdout) as { id: string };
    const cases: Array<[string[], RegExp]> = [
      [['--merchant', 'mer_nope', '--email', 'a@b.test', '--role', 'admin'], /No merchant/],
      [['--merchant', merchant.id, '--email', 'a@b.test', '--role', 'owner'], /role must be/],
      [['--merchant', merchant.id, '--email', 'not-an-email', '--role', 'admin'], /valid email/],
    ];
    for (const [args, message] of cases) {
      const run = await cim(['staff', 'create', ...args], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect((await cim(['staff', 'create', '--merchant', merchant.id, '--email', 'a@b.test', '--role', 'admin'], env)).code).toBe(0);
    const again = await cim(['staff', 'create', '--merchant', merchant.id, '--email', 'A@b.test', '--role', 'viewer'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('cim staff disable / enable', () => {
  it('disables and enables an account by email, ending its sessions, never the last enabled admin; audited as cli', async () => {
    const merchant = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'http://a.test'], env)).stdout) as { id: string };
    const other = JSON.parse((await cim(['merchant', 'create', '--name', 'Other', '--origin', 'http://b.test'], env)).stdout) as { id: string };
    const admin = JSON.parse((await cim(['staff', 'create', '--merchant', merchant.id, '--email', 'boss@shop.test', '--role', 'admin'], env)).stdout) as { id: string };
    const ops = JSON.parse((await cim(['staff', 'create', '--merchant', merchant.id, '--email', 'ops@shop.test', '--role', 'operator'], env)).stdout) as { id: string };
    const db = () => new DatabaseSync(join(dir, 'cim.db'));
    {
      const conn = db();
      conn.prepare("INSERT INTO staff_sessions (token_hash, staff_id, merchant_id, created_at, last_seen_at, expires_at) VALUES ('h1', ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')").run(ops.id, merchant.id);
      conn.close();
    }

    const disabled = await cim(['staff', 'disable', '--merchant', merchant.id, '--email', 'OPS@shop.test'], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(JSON.parse(disabled.stdout)).toMatchObject({ id: ops.id, email: 'ops@shop.test', role: 'operator', disabledAt: expect.any(String) });

    const last = await cim(['staff', 'disable', '--merchant', merchant.id, '--email', 'boss@shop.test'], env);
    expect(last.code).toBe(2);
    expect(last.stderr).toMatch(/last enabled admin/);
    // Another merchant's account answers like a missing one.
    for (const merchantId of [other.id, merchant.id]) {
      const email = merchantId === other.id ? 'boss@shop.test' : 'nobody@shop.test';
      const missing = await cim(['staff', 'disable', '--merchant', merchantId, '--email', email], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no staff account with that email/);
    }

    let conn = db();
    const rows = conn.prepare('SELECT id, role, disabled_at FROM staff_accounts ORDER BY email').all() as Array<{ id: string; role: string; disabled_at: string | null }>;
    expect(rows).toEqual([{ id: admin.id, role: 'admin', disabled_at: null }, { id: ops.id, role: 'operator', disabled_at: expect.any(String) }]);
    expect(conn.prepare('SELECT count(*) AS n FROM staff_sessions').get()).toEqual({ n: 0 });
    conn.close();

    const enabled = await cim(['staff', 'enable', '--merchant', merchant.id, '--email', 'ops@shop.test'], env);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(JSON.parse(enabled.stdout)).toMatchObject({ id: ops.id, role: 'operator', disabledAt: null });
    conn = db();
    const audit = conn.prepare("SELECT actor, action, record_id, outcome FROM audit_log WHERE action LIKE 'staff_account.%' ORDER BY id").all();
    conn.close();
    expect(audit).toEqual([
      { actor: 'cli', action: 'staff_account.disable', record_id: ops.id, outcome: 'success' },
      { actor: 'cli', action: 'staff_account.enable', record_id: ops.id, outcome: 'success' },
    ]);
  });
});
