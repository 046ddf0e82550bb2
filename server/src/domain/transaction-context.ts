import type { TokenContext } from './checkout-tokens.ts';
import type { MerchantProcessors } from './merchant-processors.ts';

/** What charging needs beyond the vault: the merchant's processors, and the signing keys that verify widget result tokens. */
export interface TransactionContext extends TokenContext {
  processors: MerchantProcessors;
}
