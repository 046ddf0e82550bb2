import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { SigningKeyRing } from './domain/signing-keys.ts';
import type { Logger } from './logger.ts';
import type { Processor } from './processor/types.ts';
import type { Store } from './store/types.ts';
import type { KeyRing } from './vault/keyring.ts';

/** What createApp needs. Tests build these with a temporary database and a frozen clock. */
export interface AppDeps {
  config: Config;
  store: Store;
  keyring: KeyRing;
  clock: Clock;
  logger: Logger;
  /** Ed25519 keys that sign checkout result tokens (published at /.well-known/jwks.json). */
  signingKeys: SigningKeyRing;
  /** Moves money for transactions; the built-in sandbox unless a gateway connector is configured. */
  processor: Processor;
}
