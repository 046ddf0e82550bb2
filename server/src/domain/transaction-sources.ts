import { checkCvc, lastFour, routingNumberValid, validateCard, type Address, type CardBrand, type TransactionCreate, type ValidCard } from '@cim/shared';
import { CimError, NotFoundError } from '../errors.ts';
import type { PaymentMethod } from '../processor/types.ts';
import type { Stores, TokenUseRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { audit } from './audit.ts';
import { verifyCheckoutToken } from './checkout-tokens.ts';
import { bankFingerprint, cardFingerprint } from './card-fingerprint.ts';
import { revealRecord } from './payment-profiles.ts';
import { isProvisional } from './provisional-cards.ts';
import type { TransactionContext } from './transaction-context.ts';
import { isRecordId } from '../ids.ts';

/**
 * What a charge is made with, resolved from the request: the clear payment data
 * for the one processor call (dropped when the call returns) and the masked
 * facts the transaction record keeps.
 */
export interface ChargeSource {
  source: 'profile' | 'token' | 'card';
  /**
   * The clear payment data, decrypted on demand right before the processor call
   * (after auditDecryption has been committed), never earlier.
   */
  reveal(): PaymentMethod;
  billTo: Address;
  shipTo: Address | undefined;
  paymentType: 'card' | 'bankAccount';
  brand: string | null;
  last4: string;
  duplicateKey: string;
  customerId: string | null;
  paymentProfileId: string | null;
  shippingAddressId: string | null;
  /** Token charges: the use to record in the same commit as the transaction (single use). */
  tokenUse?: TokenUseRecord;
  /** Token charges from a session bound to an amount: the most this charge may be. */
  bound?: { amount: string; currency: string };
  /** A provisional card (domain/provisional-cards.ts): the processor's answer settles whether it is kept. */
  provisional?: boolean;
  /** One-time card charges: the checked card, for saving as a profile or keeping for from-transaction. */
  card?: ValidCard;
}

/** A stored payment profile of this customer (and merchant); decrypted only when `reveal()` is called. */
export async function profileSource(
  ctx: TransactionContext,
  ids: { customerId: string | null; paymentProfileId: string | null; shippingAddressId?: string | null | undefined },
  cvc: string | undefined,
): Promise<ChargeSource> {
  const { customerId, paymentProfileId, shippingAddressId } = ids;
  const profile = isRecordId(customerId) && isRecordId(paymentProfileId) ? await ctx.store.paymentProfiles.get(ctx.merchantId, customerId, paymentProfileId) : null;
  if (!profile || !isRecordId(customerId) || !isRecordId(paymentProfileId)) throw new NotFoundError('Payment profile');
  let shipTo: Address | undefined;
  if (shippingAddressId) {
    const address = isRecordId(shippingAddressId) ? await ctx.store.shippingAddresses.get(ctx.merchantId, customerId, shippingAddressId) : null;
    if (!address) throw new NotFoundError('Shipping address');
    const { id: _id, merchantId: _m, customerId: _c, isDefault: _d, createdAt: _ca, updatedAt: _ua, ...fields } = address;
    shipTo = fields;
  }
  if (cvc !== undefined && profile.type === 'card' && !checkCvc(cvc, (profile.brand ?? 'unknown') as CardBrand)) {
    throw new CimError('invalid_cvc', profile.brand === 'amex' ? 'The security code must be 4 digits.' : 'The security code must be 3 digits.', { field: 'cvc' });
  }
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  return {
    source: 'profile',
    reveal: () => revealRecord(crypto, profile, cvc),
    billTo: profile.billTo,
    shipTo,
    paymentType: profile.type,
    brand: profile.type === 'card' ? profile.brand : profile.accountType,
    last4: profile.last4,
    duplicateKey: `pp:${profile.id}`,
    customerId,
    paymentProfileId: profile.id,
    shippingAddressId: shippingAddressId ?? null,
    provisional: isProvisional(profile),
  };
}

/**
 * Records that a stored payment profile is about to be decrypted for a processor
 * call. Charges write it in the same commit as the pending transaction.
 */
export function auditDecryption(ctx: TransactionContext, stores: Pick<Stores, 'audit'>, source: ChargeSource): Promise<void> {
  if (source.source === 'card' || source.paymentProfileId === null) return Promise.resolve();
  return audit(ctx, stores, 'payment_profile.decrypt', { type: 'payment_profile', id: source.paymentProfileId });
}

/** A widget result token: verified here, marked used in the same commit as the transaction. */
export async function tokenSource(ctx: TransactionContext, token: string, cvc: string | undefined): Promise<ChargeSource> {
  const claims = await verifyCheckoutToken(ctx, token);
  const source = await profileSource(ctx, { customerId: claims.customerProfileId, paymentProfileId: claims.paymentProfileId, shippingAddressId: claims.shippingAddressId }, cvc);
  const tokenUse = { jti: claims.jti, merchantId: ctx.merchantId, usedAt: ctx.clock.now().toISOString(), expiresAt: new Date(claims.exp * 1000).toISOString() };
  const bound = claims.amount !== undefined && claims.currency !== undefined ? { bound: { amount: claims.amount, currency: claims.currency } } : {};
  return { ...source, source: 'token', tokenUse, ...bound };
}

/** One-time card data: checked like any card; its keyed fingerprint stands in for a profile id in the duplicate window. */
export function cardSource(crypto: MerchantCrypto, input: Pick<TransactionCreate, 'card' | 'billTo' | 'shipTo'>, now: Date): ChargeSource {
  const checked = validateCard(input.card!, now);
  if (!checked.ok) {
    const first = checked.problems[0]!;
    throw new CimError(first.code, first.message, { field: `card.${first.field === 'expiry' ? 'expMonth' : first.field}` });
  }
  const card = checked.card;
  const cvc = input.card?.cvc;
  const payment: PaymentMethod = { type: 'card', number: card.digits, expMonth: card.expMonth, expYear: card.expYear, brand: card.brand, ...(cvc !== undefined && { cvc }) };
  return {
    source: 'card',
    reveal: () => payment,
    billTo: input.billTo ?? {},
    shipTo: input.shipTo,
    paymentType: 'card',
    brand: card.brand,
    last4: lastFour(card.digits),
    duplicateKey: `fp:${Buffer.from(cardFingerprint(crypto, card.digits)).toString('hex')}`,
    customerId: null,
    paymentProfileId: null,
    shippingAddressId: null,
    card,
  };
}

/** One-time bank account data (an eCheck debit): routing number checked; keyed fingerprint for the duplicate window. */
export function bankSource(crypto: MerchantCrypto, input: Pick<TransactionCreate, 'bankAccount' | 'billTo' | 'shipTo'>): ChargeSource {
  const bank = input.bankAccount!;
  if (!routingNumberValid(bank.routingNumber)) throw new CimError('invalid_routing_number', 'The routing number is invalid.', { field: 'bankAccount.routingNumber' });
  const payment: PaymentMethod = { type: 'bankAccount', routingNumber: bank.routingNumber, accountNumber: bank.accountNumber, accountType: bank.accountType, nameOnAccount: bank.nameOnAccount };
  return {
    // "card" is the record's word for one-time payment data, cards and bank accounts alike (paymentType tells them apart).
    source: 'card',
    reveal: () => payment,
    billTo: input.billTo ?? {},
    shipTo: input.shipTo,
    paymentType: 'bankAccount',
    brand: bank.accountType,
    last4: lastFour(bank.accountNumber),
    duplicateKey: `fp:${Buffer.from(bankFingerprint(crypto, bank)).toString('hex')}`,
    customerId: null,
    paymentProfileId: null,
    shippingAddressId: null,
  };
}

/** One-time payment data again, for a retry of a pending charge (the data itself is never kept). */
export const oneTimeSource = (crypto: MerchantCrypto, input: TransactionCreate, now: Date): ChargeSource =>
  input.bankAccount !== undefined ? bankSource(crypto, input) : cardSource(crypto, input, now);

/** The masked facts of a source that a transaction record keeps. */
export const recordedSource = (source: ChargeSource) => ({
  customerId: source.customerId,
  paymentProfileId: source.paymentProfileId,
  shippingAddressId: source.shippingAddressId,
  source: source.source,
  paymentType: source.paymentType,
  brand: source.brand,
  last4: source.last4,
  billTo: source.billTo,
});
