import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createMerchant } from '../domain/merchants.ts';
import { SigningKeyRing } from '../domain/signing-keys.ts';
import { Redacted } from '../redacted.ts';
import { newCard, newCustomer } from '../routes/fixtures.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { makeTestApp } from '../test-support.ts';
import { KeyRing } from '../vault/keyring.ts';
import { ensureImportKeys, openImportKeys } from '../migration/import-keys.ts';
import { cim } from './run-cli.ts';

const MAIN = join(import.meta.dirname, 'main.ts');

let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

/** Starts `cim keys rotate-master` and kills it with SIGKILL as soon as it reports its first committed batch. */
function rotateAndKill(env: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, 'keys', 'rotate-master', '--batch-size', '5'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/re-wrapped \d+/.test(out)) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve(out));
  });
}

describe('cim keys rotate-master', () => {
  // Spawns four CLI processes: on a loaded machine each can take seconds to start.
  it('re-wraps every key under the new master key, survives kill -9 mid-way, and everything decrypts with the new key alone', { timeout: 90_000 }, async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    await Promise.all(Array.from({ length: 60 }, (_, i) => createMerchant(t.deps, { name: `M${i}`, origins: ['https://m.test'] })));
    await t.deps.signingKeys.rotate();
    const importKeys = await ensureImportKeys(t.deps);
    await t.deps.store.close();

    const oldKey = t.deps.config.CIM_MASTER_KEY!.unwrap();
    const newKey = randomBytes(32).toString('base64');
    const base = { CIM_DATABASE_URL: `sqlite:${t.dbPath}`, CIM_DATA_DIR: t.dir, CIM_LOG_LEVEL: 'warn' };
    const rotating = { ...base, CIM_MASTER_KEY: newKey, CIM_MASTER_KEY_VERSION: '2', CIM_MASTER_KEY_PREVIOUS: oldKey };

    const killedOutput = await rotateAndKill(rotating);
    expect(killedOutput).toMatch(/re-wrapped/);
    const midway = JSON.parse((await cim(['keys', 'status'], rotating)).stdout) as { currentVersion: number; merchantKeys: Array<{ kekVersion: number; count: number }>; remaining: number; done: boolean };
    expect(midway.currentVersion).toBe(2);
    expect(midway.done).toBe(false);
    expect(midway.merchantKeys.map((c) => c.kekVersion)).toEqual([1, 2]);
    expect(midway.merchantKeys.reduce((n, c) => n + c.count, 0)).toBe(62 * 2);

    const resumed = await cim(['keys', 'rotate-master'], rotating);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Done: .*every key is under master key version 2/);
    const after = JSON.parse((await cim(['keys', 'status'], rotating)).stdout) as { done: boolean; merchantKeys: unknown; signingKeys: unknown };
    expect(after).toMatchObject({ done: true, merchantKeys: [{ kekVersion: 2, count: 124 }], signingKeys: [{ kekVersion: 2, count: 1 }], importKeys: [{ kekVersion: 2, count: 2 }] });
    // Running it again is harmless.
    expect((await cim(['keys', 'rotate-master'], rotating)).code).toBe(0);

    // The new key alone, no previous: every merchant's keys unwrap, the card reads back, tokens sign.
    const store = openSqliteStore(t.dbPath);
    try {
      const master = { key: new Redacted(Buffer.from(newKey, 'base64')), version: 2, source: 'environment' } as const;
      const keyring = new KeyRing(master);
      for (const m of await store.merchants.list()) await keyring.forMerchant(store, m.id);
      const signingKeys = new SigningKeyRing({ master, store, clock: t.clock, publicUrl: t.deps.config.CIM_PUBLIC_URL });
      await expect(signingKeys.signer()).resolves.toMatchObject({ kid: expect.any(String) });
      // The import keys open, and are the same keys.
      expect(await openImportKeys({ store, keyring, clock: t.clock })).toMatchObject({ jwe: expect.anything(), pgp: expect.anything() });
      expect(await ensureImportKeys({ store, keyring, clock: t.clock })).toEqual(importKeys);
      const app = createApp({ ...t.deps, store, keyring, signingKeys });
      const res = await app.request(`/v1/customers/${customerId}/payment-profiles/${card.id}`, { headers: { authorization: `Bearer ${t.merchant.secretKey}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ card: { last4: '1111' } });
      // And the old key no longer opens anything.
      const oldRing = new KeyRing({ key: new Redacted(Buffer.from(oldKey, 'base64')), version: 1, source: 'environment' });
      await expect(oldRing.forMerchant(store, t.merchant.id)).rejects.toThrow(/master key version 2/);
    } finally {
      await store.close();
    }
  });

  it('refuses a previous key without a version of its own for the new key', async () => {
    const run = await cim(['keys', 'status'], { CIM_DATABASE_URL: `sqlite:${t.dbPath}`, CIM_DATA_DIR: t.dir, CIM_MASTER_KEY: randomBytes(32).toString('base64'), CIM_MASTER_KEY_PREVIOUS: randomBytes(32).toString('base64') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CIM_MASTER_KEY_VERSION: the new master key needs a version of its own/);
  });
});
