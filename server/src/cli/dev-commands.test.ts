import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { makeTestApp } from '../test-support.ts';
import { charge, storedCard } from '../routes/transaction-fixtures.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

function cim(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('cim dev settle', () => {
  it('closes the batch now, in the real CLI against the server’s database, once', async () => {
    const t = await makeTestApp();
    try {
      const ids = await storedCard(t.api);
      const { tx } = await charge(t.api, { ...ids, amount: '21.00' });
      const env = { CIM_DATABASE_URL: `sqlite:${t.dbPath}`, CIM_DATA_DIR: t.dir, CIM_MASTER_KEY: t.deps.config.CIM_MASTER_KEY!.unwrap(), CIM_LOG_LEVEL: 'warn' };
      expect((await cim(['dev', 'settle', '--merchant', 'mer_nobody'], env)).code).toBe(1);
      const run = await cim(['dev', 'settle', '--merchant', t.merchant.id], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Settled 1 transaction at /);
      expect((await cim(['dev', 'settle'], env)).stdout).toMatch(/^Settled 0 transactions at /);
      const reopened = openSqliteStore(t.dbPath);
      expect((await reopened.transactions.get(t.merchant.id, tx.id))?.batchId).toMatch(/^\d+$/);
      await reopened.close();
      expect((await (await t.api('POST', `/v1/transactions/${tx.id}/refund`, { amount: '21.00' })).json()) as object).toMatchObject({ status: 'approved', type: 'refund' });
    } finally {
      await t.cleanup();
    }
  });
});
