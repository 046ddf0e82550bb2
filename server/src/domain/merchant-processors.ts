import { CimError } from '../errors.ts';
import type { Processor } from '../processor/types.ts';
import type { Store } from '../store/types.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { authorizeNetSetting, type AuthorizeNetSetting } from './processor-settings.ts';

/** Builds a gateway connector for a merchant's account; tests inject their own. */
export interface GatewayConnectors {
  authorizenet(setting: AuthorizeNetSetting): Processor;
}

/** One merchant's processors, looked up when a call needs one. */
export interface MerchantProcessors {
  /** Where the merchant's new transactions go: its processor setting, the sandbox by default (and for test requests). */
  current(): Promise<Processor>;
  /** The processor that made a transaction recorded under `name`: its captures, voids, refunds and retries go back to it. */
  named(name: string): Promise<Processor>;
}

export interface ProcessorDeps {
  store: Store;
  keyring: KeyRing;
  /** The built-in sandbox (or a test's processor): every merchant's default. */
  processor: Processor;
  gateways: GatewayConnectors;
}

/**
 * The resolver: merchant → processor. The setting is read (and its credentials opened) per call,
 * so a change made by another instance or the CLI applies to the next transaction.
 * `test`: a test request (Authorize.Net's testRequest) stays in the sandbox whatever the setting.
 */
export function merchantProcessors(deps: ProcessorDeps, merchantId: string, options: { test?: boolean } = {}): MerchantProcessors {
  const gateway = async () => {
    const setting = await authorizeNetSetting(deps.store, deps.keyring, merchantId).catch((error: unknown) => {
      // Credentials that no longer open (a row altered in the database): nothing is written or sent.
      throw new CimError('processor_error', "The merchant's processor credentials cannot be opened; set the processor again (PUT /v1/settings/processor).", { cause: error });
    });
    if (!setting) return null;
    try {
      return deps.gateways.authorizenet(setting);
    } catch (error) {
      // An endpoint the operator no longer allows (CIM_GATEWAY_HOSTS): refused before any transaction is written.
      throw new CimError('processor_error', `The merchant's processor cannot be used: ${error instanceof Error ? error.message : 'unknown reason'}`, { cause: error });
    }
  };
  return {
    current: async () => (options.test ? deps.processor : ((await gateway()) ?? deps.processor)),
    named: async (name) => {
      if (name === deps.processor.name) return deps.processor;
      const connector = await gateway();
      if (connector?.name === name) return connector;
      throw new CimError('transaction_state', `This transaction was made through ${name}, which is no longer this merchant's processor: set it again (PUT /v1/settings/processor) to act on it.`);
    },
  };
}
