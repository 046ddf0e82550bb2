import type { Processor } from '../processor/types.ts';
import type { TokenContext } from './checkout-tokens.ts';

/** What charging needs beyond the vault: a processor, and the signing keys that verify widget result tokens. */
export interface TransactionContext extends TokenContext {
  processor: Processor;
}
