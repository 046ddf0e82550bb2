import type { AppDeps } from '../../deps.ts';
import { authFailuresFor } from '../../domain/auth-failures.ts';
import { transactionKeyMatches } from '../../domain/merchant-credentials.ts';
import type { MerchantRecord } from '../../store/types.ts';
import { AnetError } from './messages.ts';
import { isObject, type Json } from './parse.ts';

/**
 * `merchantAuthentication: {name, transactionKey}` is the merchant's API login
 * id and transaction key. Every failure is audited like a /v1 auth failure and
 * answered with the same E00007, whatever was wrong.
 */
export async function authenticateMerchant(deps: AppDeps, request: Json, operation: string, clientAddress: string | null): Promise<MerchantRecord> {
  const failures = authFailuresFor(deps);
  failures.assertAllowed(clientAddress);
  const auth = request.merchantAuthentication;
  const name = isObject(auth) && typeof auth.name === 'string' ? auth.name : '';
  const key = isObject(auth) && typeof auth.transactionKey === 'string' ? auth.transactionKey : '';
  const merchant = name && name.length <= 25 ? await deps.store.merchants.getByApiLoginId(name) : null;
  if (merchant && key && transactionKeyMatches(merchant, key, deps.clock.now())) return merchant;
  await failures.failed('anet', clientAddress, `POST /xml/v1/request.api ${operation}`);
  throw new AnetError('E00007');
}
