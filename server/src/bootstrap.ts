import { isAbsolute, resolve } from 'node:path';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppDeps } from './deps.ts';
import { SigningKeyRing } from './domain/signing-keys.ts';
import { createLogger, type Logger } from './logger.ts';
import { gatewayConnectors } from './processor/authorizenet/connectors.ts';
import { SandboxProcessor } from './processor/sandbox.ts';
import { openPostgresStore } from './store/postgres/index.ts';
import { openSqliteStore } from './store/sqlite/index.ts';
import type { Store } from './store/types.ts';
import { KeyRing } from './vault/keyring.ts';
import { loadMasterKey } from './vault/master-key.ts';

/** Opens (and migrates) the store named by CIM_DATABASE_URL: sqlite:PATH or postgres://… (several hosts allowed). */
export async function openStore(config: Config): Promise<Store> {
  const url = config.CIM_DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return openSqliteStore(path === ':memory:' || isAbsolute(path) ? path : resolve(path), { backgroundCheckpoints: true });
  }
  return openPostgresStore({
    url,
    poolSize: config.CIM_DATABASE_POOL_SIZE,
    acquireTimeoutMs: config.CIM_DATABASE_ACQUIRE_TIMEOUT_MS,
    queueLimit: config.CIM_DATABASE_QUEUE_LIMIT,
    statementTimeoutMs: config.CIM_DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.CIM_DATABASE_CONNECT_TIMEOUT_MS,
  });
}

/** Everything the server and the CLI share: one configuration, one store, one key ring. */
export async function bootstrap(config: Config, logger: Logger = createLogger(config.CIM_LOG_LEVEL)): Promise<AppDeps> {
  const master = loadMasterKey(config, (m) => logger.warn(m));
  const store = await openStore(config);
  return {
    config,
    store,
    keyring: new KeyRing(master),
    clock: systemClock,
    logger,
    signingKeys: new SigningKeyRing({ master, store, clock: systemClock, publicUrl: config.CIM_PUBLIC_URL, jwksCacheSeconds: config.CIM_JWKS_CACHE_SECONDS }),
    processor: new SandboxProcessor(),
    gateways: gatewayConnectors(config, systemClock),
  };
}
