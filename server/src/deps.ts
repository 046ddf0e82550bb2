import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { SigningKeyRing } from './domain/signing-keys.ts';
import type { Logger } from './logger.ts';
import type { GatewayConnectors } from './domain/merchant-processors.ts';
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
  /** The built-in sandbox: every merchant's processor until it sets another (and for test requests). */
  processor: Processor;
  /** Connectors to merchants' own gateway accounts (PUT /v1/settings/processor); domain/merchant-processors.ts picks one per merchant. */
  gateways: GatewayConnectors;
}
