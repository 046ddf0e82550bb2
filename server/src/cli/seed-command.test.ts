import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');

function cim(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-seed-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cim dev seed', () => {
  it('creates a merchant and N sealed payment profiles, and reports the rate', async () => {
    const run = await cim(['dev', 'seed', '--profiles', '12'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { merchant: { id: string }; customers: number; profiles: number; profilesPerSecond: number };
    expect(out).toMatchObject({ customers: 3, profiles: 12, merchant: { id: expect.stringMatching(/^mer_/) } });
    expect(out.profilesPerSecond).toBeGreaterThan(0);
    const db = new DatabaseSync(join(dir, 'cim.db'), { readOnly: true });
    const rows = db.prepare('SELECT number_ct, last4 FROM payment_profiles WHERE merchant_id = ?').all(out.merchant.id) as Array<{ number_ct: Uint8Array; last4: string }>;
    db.close();
    expect(rows).toHaveLength(12);
    // Sealed: a ciphertext, never the digits.
    for (const r of rows) expect(Buffer.from(r.number_ct).toString('latin1')).not.toMatch(/\d{12}/);

    const again = await cim(['dev', 'seed', '--profiles', '5', '--merchant', out.merchant.id], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ merchantId: out.merchant.id, customers: 1, profiles: 5 });
  });

  it('refuses bad counts, unknown merchants and production', async () => {
    for (const args of [['--profiles', '0'], ['--profiles', 'x'], ['--profiles', '10', '--merchant', 'mer_nope'], ['--profiles', '10', '--batch', '0']]) {
      const run = await cim(['dev', 'seed', ...args], env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^cim dev seed: /m);
    }
    const prod = await cim(['dev', 'seed', '--profiles', '10'], { ...env, NODE_ENV: 'production', CIM_PUBLIC_URL: 'https://cim.example', CIM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(prod.code).toBe(2);
    expect(prod.stderr).toMatch(/refused when NODE_ENV=production/);
  });
});
