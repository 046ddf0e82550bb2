import type { Clock } from '../clock.ts';
import type { PaymentProfileRecord, SessionRecord, Store, Stores, TransactionRecord } from '../store/types.ts';
import { CHECKOUT_TOKEN_TTL_SECONDS } from '../tokens/checkout-jwt.ts';
import { audit } from './audit.ts';
import { emit, paymentProfileEventData } from './webhook-events.ts';
import type { DomainContext } from './context.ts';

/**
 * A card typed into a checkout session is provisional (docs/transactions.md): not
 * the default, listed only in that session's wallet, until a charge settles it.
 * An approved (or held) charge or authorisation makes it a normal card, the
 * default if the customer has none; a declined one deletes it, ciphertext
 * included. One that nothing charges is deleted once every token that could name
 * it has expired.
 */

export const isProvisional = (p: Pick<PaymentProfileRecord, 'provisionalUntil'>): boolean => p.provisionalUntil != null;

/** The mark a card saved in `session` carries: it outlives the session by a result token's lifetime. */
export function provisionalMark(session: SessionRecord, now: Date): { provisionalSessionId: string; provisionalUntil: string } {
  const from = Math.max(Date.parse(session.expiresAt), now.getTime());
  return { provisionalSessionId: session.id, provisionalUntil: new Date(from + CHECKOUT_TOKEN_TTL_SECONDS * 1000).toISOString() };
}

/** Whether the wallet of `sessionId` shows this card: every normal card, and the provisional ones it saved itself. */
export const listedInSession = (p: PaymentProfileRecord, sessionId: string): boolean => !isProvisional(p) || p.provisionalSessionId === sessionId;

/**
 * Settles the provisional card a transaction was made with, in the commit that
 * records the processor's answer. A pending or errored call leaves it provisional:
 * a retry may still settle it, else the sweep removes it.
 */
export async function settleProvisionalCard(ctx: DomainContext, tx: Stores, transaction: TransactionRecord): Promise<void> {
  const { customerId, paymentProfileId: id } = transaction;
  if (customerId === null || id === null) return;
  const profile = await tx.paymentProfiles.get(ctx.merchantId, customerId, id);
  if (!profile || !isProvisional(profile)) return;
  if (transaction.status === 'declined') {
    await tx.paymentProfiles.delete(ctx.merchantId, customerId, id);
    await audit(ctx, tx, 'payment_profile.delete', { type: 'payment_profile', id }, 'success', 'provisional card declined');
    await emit(ctx, tx, 'payment_profile.deleted', { id, customerProfileId: customerId });
    return;
  }
  if (transaction.status !== 'approved' && transaction.status !== 'heldForReview') return;
  const hasDefault = (await tx.paymentProfiles.listForCustomer(ctx.merchantId, customerId)).some((p) => p.isDefault);
  const kept = await tx.paymentProfiles.update(ctx.merchantId, customerId, id, {
    provisionalSessionId: null,
    provisionalUntil: null,
    ...(!hasDefault && { isDefault: true }),
    updatedAt: transaction.updatedAt,
  });
  await emit(ctx, tx, 'payment_profile.updated', paymentProfileEventData(kept));
  await audit(ctx, tx, 'payment_profile.update', { type: 'payment_profile', id }, 'success', 'provisional card kept after an approved charge');
}

/**
 * The maintenance sweep: provisional cards no live token can name any more, every merchant's in
 * one delete. A provisional card was announced (payment_profile.created) when it was saved, so each
 * one deleted is announced too, in the commit of the delete (docs/webhooks.md).
 */
export function pruneProvisionalCards(deps: { store: Store; clock: Clock }): Promise<number> {
  return deps.store.transaction(async (tx) => {
    const deleted = await tx.paymentProfiles.deleteExpiredProvisional(deps.clock.now().toISOString());
    for (const { merchantId, customerId, id } of deleted) {
      await emit({ merchantId, clock: deps.clock }, tx, 'payment_profile.deleted', { id, customerProfileId: customerId });
    }
    return deleted.length;
  });
}
