import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { fixedClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { SigningKeyRing } from './domain/signing-keys.ts';
import { createMerchant, type MerchantCredentials } from './domain/merchants.ts';
import { silentLogger } from './logger.ts';
import { SandboxProcessor } from './processor/sandbox.ts';
import { settleNow } from './domain/settlement.ts';
import { openSqliteStore } from './store/sqlite/index.ts';
import { KeyRing } from './vault/keyring.ts';
import { Redacted } from './redacted.ts';

/** Test dependencies: a real SQLite file in a temporary folder, a frozen clock, a random master key. */
export function makeTestDeps(options: { now?: Date; env?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cim-test-'));
  const dbPath = join(dir, 'cim.db');
  const masterKey = randomBytes(32);
  const config = loadConfig({
    CIM_DATABASE_URL: `sqlite:${dbPath}`,
    CIM_DATA_DIR: dir,
    CIM_MASTER_KEY: masterKey.toString('base64'),
    CIM_PUBLIC_URL: 'http://localhost:8787',
    CIM_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = fixedClock(options.now ?? new Date('2026-06-15T12:00:00Z'));
  const store = openSqliteStore(dbPath);
  const master = { key: new Redacted(masterKey), version: 1, source: 'environment' } as const;
  const deps: AppDeps = {
    config,
    store,
    keyring: new KeyRing(master),
    clock,
    logger: silentLogger,
    signingKeys: new SigningKeyRing({ master, store, clock, publicUrl: config.CIM_PUBLIC_URL }),
    processor: new SandboxProcessor(),
  };
  return {
    deps,
    clock,
    dir,
    dbPath,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A test app with one merchant (or more) and a helper to call it as that merchant. */
export async function makeTestApp(options: Parameters<typeof makeTestDeps>[0] = {}) {
  const env = makeTestDeps(options);
  const app = createApp(env.deps);
  const merchant = await createMerchant(env.deps, { name: 'Test Shop', origins: ['http://shop.test'] });
  const other = await createMerchant(env.deps, { name: 'Other Shop', origins: ['http://other.test'] });
  const call = (creds: MerchantCredentials) => (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${creds.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  /** Closes the merchant's settlement batch now (what `cim dev settle` does), so captures can be refunded. */
  const settle = (creds: MerchantCredentials = merchant) => settleNow(env.deps.store, creds.id, env.clock.now());
  return { ...env, app, merchant, other, api: call(merchant), otherApi: call(other), settle };
}
