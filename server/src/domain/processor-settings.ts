import type { ProcessorUpdate, ProcessorView } from '@cim/shared';
import { AUTHORIZENET_PRODUCTION, checkEndpoint } from '../processor/authorizenet/endpoint.ts';
import { Redacted } from '../redacted.ts';
import type { MerchantProcessorRecord, Stores } from '../store/types.ts';
import type { KeyRing, MerchantCrypto } from '../vault/keyring.ts';
import { audit } from './audit.ts';
import type { DomainContext } from './context.ts';

/** A merchant's Authorize.Net account, opened for one call; the secrets print as [redacted]. */
export interface AuthorizeNetSetting {
  endpoint: string;
  apiLoginId: Redacted<string>;
  transactionKey: Redacted<string>;
}

/**
 * The record id in the credentials' associated data names the processor and the endpoint: a
 * ciphertext moved to another merchant, column or endpoint (an attacker re-pointing the URL in
 * the database to a server of their own) does not open, so no card is ever sent there with them.
 */
export const sealedRecord = (endpoint: string) => `processor:authorizenet:${encodeURIComponent(endpoint)}`;

const maskLogin = (login: string) => `XXXX${login.slice(-4)}`;

function view(record: MerchantProcessorRecord | null, crypto: MerchantCrypto): ProcessorView {
  if (!record || record.processor === 'sandbox' || record.endpoint === null || record.apiLoginIdCt === null) {
    return { processor: 'sandbox', updatedAt: record?.updatedAt ?? null };
  }
  const login = crypto.open(sealedRecord(record.endpoint), 'apiLoginId', record.apiLoginIdCt);
  return { processor: 'authorizenet', endpoint: record.endpoint, apiLoginId: maskLogin(login), updatedAt: record.updatedAt };
}

export async function getProcessorSetting(ctx: DomainContext): Promise<ProcessorView> {
  return view(await ctx.store.merchantProcessors.get(ctx.merchantId), await ctx.keyring.forMerchant(ctx.store, ctx.merchantId));
}

/**
 * Chooses where the merchant's new transactions go. Authorize.Net credentials are sealed with the
 * merchant's data key and never answered back; the endpoint must be Authorize.Net's or one the
 * operator allows (CIM_GATEWAY_HOSTS). Earlier transactions keep going back to the processor that
 * made them for captures, voids and refunds.
 */
export async function setProcessorSetting(ctx: DomainContext, input: ProcessorUpdate, gatewayHosts: readonly string[]): Promise<ProcessorView> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const updatedAt = ctx.clock.now().toISOString();
  let record: MerchantProcessorRecord = { merchantId: ctx.merchantId, processor: 'sandbox', endpoint: null, apiLoginIdCt: null, transactionKeyCt: null, updatedAt };
  if (input.processor === 'authorizenet') {
    const endpoint = checkEndpoint(input.endpoint ?? AUTHORIZENET_PRODUCTION, gatewayHosts).href;
    const id = sealedRecord(endpoint);
    record = { ...record, processor: 'authorizenet', endpoint, apiLoginIdCt: crypto.seal(id, 'apiLoginId', input.apiLoginId), transactionKeyCt: crypto.seal(id, 'transactionKey', input.transactionKey) };
  }
  await ctx.store.transaction(async (tx) => {
    await tx.merchantProcessors.put(record);
    await audit(ctx, tx, 'processor.set', { type: 'merchant', id: ctx.merchantId }, 'success', record.processor);
  });
  return view(record, crypto);
}

/** The merchant's Authorize.Net account opened for a call, or null when its processor is the sandbox. */
export async function authorizeNetSetting(stores: Pick<Stores, 'merchantProcessors' | 'merchantKeys'>, keyring: KeyRing, merchantId: string): Promise<AuthorizeNetSetting | null> {
  const record = await stores.merchantProcessors.get(merchantId);
  if (record?.processor !== 'authorizenet' || record.endpoint === null || record.apiLoginIdCt === null || record.transactionKeyCt === null) return null;
  const crypto = await keyring.forMerchant(stores, merchantId);
  const id = sealedRecord(record.endpoint);
  return {
    endpoint: record.endpoint,
    apiLoginId: new Redacted(crypto.open(id, 'apiLoginId', record.apiLoginIdCt)),
    transactionKey: new Redacted(crypto.open(id, 'transactionKey', record.transactionKeyCt)),
  };
}
