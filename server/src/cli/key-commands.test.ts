import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createMerchant } from '../domain/merchants.ts';
import { SigningKeyRing } from '../domain/signing-keys.ts';
import { Redacted } from '../redacted.ts';
import { newCard, newCustomer, type Api } from '../routes/fixtures.ts';
import { BILL_TO, charge, storedCard } from '../routes/transaction-fixtures.ts';
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

/** Starts a `cim keys rotate-…` command and kills it with SIGKILL as soon as it reports its first committed batch. */
function rotateAndKill(env: Record<string, string>, args = ['keys', 'rotate-master', '--batch-size', '5'], batchDone = /re-wrapped \d+/): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (batchDone.test(out)) child.kill('SIGKILL');
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

describe('cim keys rotate-data', () => {
  type Status = { dataKeys: Array<{ merchantId: string; currentVersion: number; keyVersions: number[]; rows: Array<{ keyVersion: number; count: number }>; remaining: number; done: boolean }> };

  // Four CLI processes and a vault of 40 cards: generous on a loaded machine.
  it('re-seals a vault made through the API under a new data key, survives kill -9 mid-way, and every card still charges', { timeout: 120_000 }, async () => {
    const cards = [];
    for (let i = 0; i < 40; i++) cards.push(await storedCard(t.api, i % 2 ? '4111111111111111' : '5555555555554444', BILL_TO, { expMonth: 1 + (i % 12), expYear: 2031 }));
    const oneTime = await charge(t.api, { amount: '5.00', card: { number: '6011000000000012', expMonth: 9, expYear: 2031, cvc: '900' }, billTo: BILL_TO });
    expect(oneTime.tx.status).toBe('approved');
    const answered = await t.api('POST', '/v1/customers', { email: 'kept@example.com' }, { 'Idempotency-Key': 'kept-answer' });
    const answer = await answered.text();
    await t.deps.store.close();

    const env = { CIM_DATABASE_URL: `sqlite:${t.dbPath}`, CIM_DATA_DIR: t.dir, CIM_LOG_LEVEL: 'warn', CIM_MASTER_KEY: t.deps.config.CIM_MASTER_KEY!.unwrap() };
    const args = ['keys', 'rotate-data', '--merchant', t.merchant.id, '--batch-size', '5'];
    const killed = await rotateAndKill(env, [...args, '--activate-in', '0'], /re-sealed \d+/);
    expect(killed).toMatch(/data key version 2 created/);

    const midway = JSON.parse((await cim(['keys', 'status'], env)).stdout) as Status;
    expect(midway.dataKeys).toEqual([expect.objectContaining({ merchantId: t.merchant.id, currentVersion: 2, keyVersions: [1, 2], done: false })]);
    const [progress] = midway.dataKeys;
    expect(progress!.remaining).toBeGreaterThan(0);
    expect(progress!.rows.reduce((n, r) => n + r.count, 0)).toBe(40 + 1 + 1);

    const resumed = await cim([...args, '--retire-after', '0'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/already under way/);
    expect(resumed.stdout).toMatch(/Done: every sealed row of 1 merchant\(s\) is under its newest data key/);
    expect((JSON.parse((await cim(['keys', 'status'], env)).stdout) as Status).dataKeys).toEqual([]);
    const after = JSON.parse((await cim(['keys', 'status', '--merchant', t.merchant.id], env)).stdout) as Status;
    expect(after.dataKeys).toEqual([expect.objectContaining({ currentVersion: 2, keyVersions: [2], rows: [{ keyVersion: 2, count: 42 }], remaining: 0, done: true })]);
    // The other merchant was not part of it.
    const other = JSON.parse((await cim(['keys', 'status', '--merchant', t.other.id], env)).stdout) as Status;
    expect(other.dataKeys).toEqual([expect.objectContaining({ currentVersion: 2 - 1, keyVersions: [1], done: true })]);

    // A fresh server on the rotated vault: no ciphertext is left under version 1, and everything opens and charges.
    const store = openSqliteStore(t.dbPath);
    try {
      for (const table of ['payment_profiles', 'transactions', 'idempotency_keys'] as const) expect(await store.sealedData.listNotUnder(t.merchant.id, table, 2, 10)).toEqual([]);
      const api = serverOn(store);
      for (const [i, card] of cards.entries()) {
        const read = await api('GET', `/v1/customers/${card.customerProfileId}/payment-profiles/${card.paymentProfileId}`);
        expect(await read.json()).toMatchObject({ card: { expMonth: 1 + (i % 12), expYear: 2031 } });
        expect((await charge(api, { ...card, amount: '1.00' })).tx.status).toBe('approved');
      }
      const replay = await api('POST', '/v1/customers', { email: 'kept@example.com' }, { 'Idempotency-Key': 'kept-answer' });
      expect(await replay.text()).toBe(answer);
      const saved = await api('POST', '/v1/customers/from-transaction', { transactionId: oneTime.tx.id, customer: { merchantCustomerId: 'kept-card' } });
      expect(saved.status).toBe(201);
    } finally {
      await store.close();
    }
  });

  it('refuses an unknown merchant', async () => {
    const run = await cim(['keys', 'rotate-data', '--merchant', 'mer_missing'], { CIM_DATABASE_URL: `sqlite:${t.dbPath}`, CIM_DATA_DIR: t.dir, CIM_MASTER_KEY: t.deps.config.CIM_MASTER_KEY!.unwrap() });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/No merchant mer_missing/);
  });
});

/** An app (own key ring, same master key) over `store`, called as the test merchant. */
function serverOn(store: ReturnType<typeof openSqliteStore>): Api {
  const app = createApp({ ...t.deps, store, keyring: new KeyRing(t.master, t.clock), signingKeys: new SigningKeyRing({ master: t.master, store, clock: t.clock, publicUrl: t.deps.config.CIM_PUBLIC_URL }) });
  return async (method, path, body, headers = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${t.merchant.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
}
