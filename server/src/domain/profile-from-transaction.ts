import type { CustomerView, ProfileFromTransaction } from '@cim/shared';
import { CimError } from '../errors.ts';
import { getCustomer } from './customers.ts';
import { insertProfileFromCard, openRetainedCard, prepareProfile, WIPED_CARD } from './one-time-cards.ts';
import type { TransactionContext } from './transaction-context.ts';
import { requireTransaction } from './transactions.ts';

const notKept = () =>
  new CimError('transaction_state', 'This transaction has no card to save: only approved one-time-card transactions keep it, for 24 hours, until a profile is made from it.');

/**
 * Saves the card of an earlier approved one-time-card transaction as a new
 * customer profile, then wipes the kept ciphertext (it is used at most once).
 */
export async function createProfileFromTransaction(ctx: TransactionContext, input: ProfileFromTransaction): Promise<CustomerView> {
  const t = await requireTransaction(ctx, input.transactionId);
  const now = ctx.clock.now();
  if (t.cardRetainedUntil === null || new Date(t.cardRetainedUntil) <= now) throw notKept();
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const card = openRetainedCard(crypto, t);
  if (!card) throw notKept();
  const prepared = prepareProfile(crypto, card, now);
  const customer = input.customer ?? t.customerInfo ?? {};
  const saved = await ctx.store.transaction(async (tx) => {
    const fresh = await tx.transactions.get(ctx.merchantId, t.id);
    if (!fresh || fresh.cardRetainedUntil === null) throw notKept();
    const profile = await insertProfileFromCard(ctx, tx, { customer, fallbackDescription: `Created from transaction ${t.id}`, prepared, billTo: t.billTo ?? {}, shipTo: t.shipTo });
    await tx.transactions.update(ctx.merchantId, t.id, { ...WIPED_CARD, customerId: profile.customerId, paymentProfileId: profile.paymentProfileId, shippingAddressId: profile.shippingAddressId, updatedAt: now.toISOString() });
    return profile;
  });
  return getCustomer(ctx, saved.customerId);
}

/** Maintenance: wipes every kept one-time card whose 24 hours are up. */
export function wipeExpiredCards(ctx: Pick<TransactionContext, 'store' | 'clock'>): Promise<number> {
  return ctx.store.transactions.wipeExpiredCards(ctx.clock.now().toISOString());
}
