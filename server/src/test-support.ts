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
import type { GatewayConnectors } from './domain/merchant-processors.ts';
import { checkAnswer } from './openapi/answer-check.ts';
import { gatewayConnectors } from './processor/authorizenet/connectors.ts';
import { SandboxProcessor } from './processor/sandbox.ts';
import { settleNow } from './domain/settlement.ts';
import { openSqliteStore } from './store/sqlite/index.ts';
import type { SqliteDatabaseOptions } from './store/sqlite/database.ts';
import type { Store } from './store/types.ts';
import { KeyRing } from './vault/keyring.ts';
import { Redacted } from './redacted.ts';

/** No test reaches the internet: a merchant set (even by a fuzzed request) to Authorize.Net itself gets no connector. */
function loopbackGateways(real: GatewayConnectors): GatewayConnectors {
  return {
    authorizenet: (setting) => {
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(setting.endpoint).hostname)) throw new Error(`Tests call no gateway off loopback (${setting.endpoint})`);
      return real.authorizenet(setting);
    },
  };
}

/** Test dependencies: a real SQLite file in a temporary folder (or the store given), a frozen clock, a random master key. */
export function makeTestDeps(options: { now?: Date; env?: Record<string, string>; store?: Store; sqlite?: SqliteDatabaseOptions } = {}) {
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
  const store = options.store ?? openSqliteStore(dbPath, options.sqlite);
  const master = { key: new Redacted(masterKey), version: 1, source: 'environment' } as const;
  const deps: AppDeps = {
    config,
    store,
    keyring: new KeyRing(master, clock),
    clock,
    logger: silentLogger,
    signingKeys: new SigningKeyRing({ master, store, clock, publicUrl: config.CIM_PUBLIC_URL, jwksCacheSeconds: config.CIM_JWKS_CACHE_SECONDS }),
    processor: new SandboxProcessor(),
    gateways: loopbackGateways(gatewayConnectors(config, clock)),
  };
  return {
    deps,
    clock,
    dir,
    dbPath,
    /** For a second instance of a component over the same store (another process, as far as the store knows). */
    master,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The store the server's HTTP tests run on: SQLite, or with CIM_TEST_STORE=postgres
 * (the server-postgres vitest project) an emptied database of the run's PostgreSQL cluster.
 */
export async function testStore(): Promise<Store | undefined> {
  if (process.env.CIM_TEST_STORE !== 'postgres') return undefined;
  // Loaded only here: it reads the cluster URL that vitest's globalSetup provides.
  const { tempPostgresStore } = await import('./store/postgres/temp-store.ts');
  return (await tempPostgresStore()).store;
}

/** A test app with one merchant (or more) and a helper to call it as that merchant. */
export async function makeTestApp(options: Parameters<typeof makeTestDeps>[0] = {}) {
  const store = options.store ?? (await testStore());
  const env = makeTestDeps({ ...options, ...(store && { store }) });
  const app = createApp(env.deps);
  const merchant = await createMerchant(env.deps, { name: 'Test Shop', origins: ['http://shop.test'] });
  const other = await createMerchant(env.deps, { name: 'Other Shop', origins: ['http://other.test'] });
  // Every answer is checked against /openapi.json (status, headers, body schema, error code).
  const call = (creds: MerchantCredentials) => async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    checkAnswer(method, path, await app.request(path, {
      method,
      headers: { authorization: `Bearer ${creds.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }));
  /** Closes the merchant's settlement batch now (what `cim dev settle` does), so captures can be refunded. */
  const settle = (creds: MerchantCredentials = merchant) => settleNow(env.deps.store, creds.id, env.clock.now());
  return { ...env, app, merchant, other, api: call(merchant), otherApi: call(other), settle };
}
