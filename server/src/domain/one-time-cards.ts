import type { Address, TransactionCustomer, ValidCard } from '@cim/shared';
import { DuplicateError } from '../errors.ts';
import { newNumericId } from '../ids.ts';
import type { Stores, TransactionRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { insertCustomer } from './customers.ts';
import { insertPaymentProfile, sealCard } from './payment-profiles.ts';
import { insertShippingAddress } from './shipping-addresses.ts';
import type { DomainContext } from './context.ts';

/**
 * A one-time card from an approved charge is kept encrypted for this long so
 * POST /v1/customers/from-transaction can save it; then it is wiped.
 */
export const CARD_RETENTION_MS = 24 * 3_600_000;

/** Ciphertexts bound to the transaction record ("txn:<id>"), so they cannot pass for a payment profile's. */
export const recordIdFor = (transactionId: string) => `txn:${transactionId}`;

export function sealRetainedCard(crypto: MerchantCrypto, transactionId: string, card: ValidCard, now: Date) {
  const expiry = `${card.expYear}-${String(card.expMonth).padStart(2, '0')}`;
  return {
    cardNumberCt: crypto.seal(recordIdFor(transactionId), 'number', card.digits),
    cardExpiryCt: crypto.seal(recordIdFor(transactionId), 'expiry', expiry),
    cardRetainedUntil: new Date(now.getTime() + CARD_RETENTION_MS).toISOString(),
    keyVersion: crypto.keyVersion,
  };
}

export const WIPED_CARD = { cardNumberCt: null, cardExpiryCt: null, cardRetainedUntil: null } as const;

export function openRetainedCard(crypto: MerchantCrypto, t: TransactionRecord): { number: string; expMonth: number; expYear: number } | null {
  if (!t.cardNumberCt || !t.cardExpiryCt) return null;
  const [year, month] = crypto.open(recordIdFor(t.id), 'expiry', t.cardExpiryCt).split('-').map(Number);
  return { number: crypto.open(recordIdFor(t.id), 'number', t.cardNumberCt), expMonth: month ?? 0, expYear: year ?? 0 };
}

const customerKey = (c: TransactionCustomer, fallbackDescription: string) => ({
  merchantCustomerId: c.merchantCustomerId ?? null,
  email: c.email ?? null,
  // A profile needs some identity; without one it is named after its transaction.
  description: c.description ?? (c.merchantCustomerId || c.email ? null : fallbackDescription),
});

/** Refuses before charging when the customer described would be a duplicate. */
export async function assertNewCustomer(ctx: DomainContext, stores: Pick<Stores, 'customers'>, customer: TransactionCustomer, fallbackDescription: string) {
  const existing = await stores.customers.findExact(ctx.merchantId, customerKey(customer, fallbackDescription));
  if (existing) {
    throw new DuplicateError('duplicate_customer', `A customer profile with the same merchantCustomerId, email and description already exists (${existing.id}).`, existing.id);
  }
}

export interface SavedProfile {
  customerId: string;
  paymentProfileId: string;
  shippingAddressId: string | null;
}

/** Prepared outside the transaction: the card sealed for its future payment profile id. */
export function prepareProfile(crypto: MerchantCrypto, card: { number: string; expMonth: number; expYear: number }, now: Date) {
  const paymentProfileId = newNumericId();
  return { paymentProfileId, sealed: sealCard(crypto, paymentProfileId, card, now) };
}

/**
 * Inside an open transaction: customer, payment profile and (optionally) a
 * shipping address, from a card that was just charged.
 */
export async function insertProfileFromCard(
  ctx: DomainContext,
  tx: Stores,
  input: { customer: TransactionCustomer; fallbackDescription: string; prepared: ReturnType<typeof prepareProfile>; billTo: Address; shipTo: Address | null },
): Promise<SavedProfile> {
  await assertNewCustomer(ctx, tx, input.customer, input.fallbackDescription);
  const key = customerKey(input.customer, input.fallbackDescription);
  const customer = await insertCustomer(ctx, tx, {
    ...(key.merchantCustomerId !== null && { merchantCustomerId: key.merchantCustomerId }),
    ...(key.email !== null && { email: key.email }),
    ...(key.description !== null && { description: key.description }),
  });
  await insertPaymentProfile(ctx, tx, customer.id, input.prepared.paymentProfileId, input.prepared.sealed, { billTo: input.billTo, customerType: null, isDefault: true });
  const shipping = input.shipTo && Object.keys(input.shipTo).length > 0 ? await insertShippingAddress(ctx, tx, customer.id, input.shipTo) : null;
  return { customerId: customer.id, paymentProfileId: input.prepared.paymentProfileId, shippingAddressId: shipping?.id ?? null };
}
