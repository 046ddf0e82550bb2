import { isAbsolute, resolve } from 'node:path';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppDeps } from './deps.ts';
import { SigningKeyRing } from './domain/signing-keys.ts';
import { createLogger, type Logger } from './logger.ts';
import { SandboxProcessor } from './processor/sandbox.ts';
import { openSqliteStore } from './store/sqlite/index.ts';
import type { Store } from './store/types.ts';
import { KeyRing } from './vault/keyring.ts';
import { loadMasterKey } from './vault/master-key.ts';

/** Opens the store named by CIM_DATABASE_URL. */
export function openStore(config: Config): Store {
  const url = config.CIM_DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return openSqliteStore(path === ':memory:' || isAbsolute(path) ? path : resolve(path));
  }
  throw new Error('PostgreSQL support lands in a later release; use CIM_DATABASE_URL=sqlite:… for now.');
}

/** Everything the server and the CLI share: one configuration, one store, one key ring. */
export function bootstrap(config: Config, logger: Logger = createLogger(config.CIM_LOG_LEVEL)): AppDeps {
  const master = loadMasterKey(config, (m) => logger.warn(m));
  const store = openStore(config);
  return {
    config,
    store,
    keyring: new KeyRing(master),
    clock: systemClock,
    logger,
    signingKeys: new SigningKeyRing({ master, store, clock: systemClock, publicUrl: config.CIM_PUBLIC_URL }),
    processor: new SandboxProcessor(),
  };
}
