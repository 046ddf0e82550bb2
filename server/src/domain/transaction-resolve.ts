import type { ResolveRequest, TransactionView } from '@cim/shared';
import { CimError } from '../errors.ts';
import { formatAmount } from './money.ts';
import { resumeRefund } from './refunds.ts';
import { captureTransaction, voidTransaction } from './transaction-actions.ts';
import type { TransactionContext } from './transaction-context.ts';
import { cardSource } from './transaction-sources.ts';
import { transactionView } from './transaction-views.ts';
import { requireTransaction, resumeTransaction } from './transactions.ts';

/**
 * POST /v1/transactions/:id/resolve: finishes the call of this transaction whose
 * processor answer was lost (a 502 processor_error), for a client that sent no
 * Idempotency-Key to retry with. CIM asks the processor again with the first
 * call's reference, so the processor answers with what it did then instead of
 * acting twice. A transaction with nothing unanswered is returned as it is.
 *
 * A one-time card is not kept after its charge, so resolving that charge takes
 * the same card again. Resolving does not make the profile a `createProfile`
 * charge asked for; /v1/customers/from-transaction still can, within 24 hours.
 */
export async function resolveTransaction(ctx: TransactionContext, id: string, input: ResolveRequest): Promise<TransactionView> {
  const t = await requireTransaction(ctx, id);
  // Same action, same amount: runAction finds it under way and asks again with its reference.
  if (t.pendingAction === 'capture') return captureTransaction(ctx, id, { amount: formatAmount(t.pendingAmountMinor ?? t.amountMinor, t.currency) });
  if (t.pendingAction === 'void') return voidTransaction(ctx, id);
  if (t.status !== 'pending') return transactionView(t, ctx.clock.now());
  if (t.type === 'refund') return resumeRefund(ctx, t);

  if (t.source === 'card') {
    if (!input.card) {
      throw new CimError('invalid_request', 'This charge was made with one-time card data, which CIM does not keep: send the same card to resolve it.', { field: 'card' });
    }
    const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
    if (cardSource(crypto, { card: input.card }, ctx.clock.now()).duplicateKey !== t.duplicateKey) {
      throw new CimError('invalid_request', 'This is not the card the transaction was made with.', { field: 'card.number' });
    }
  }
  const billTo = input.billTo ?? t.billTo ?? undefined;
  const shipTo = t.shipTo ?? undefined;
  const request = {
    type: t.type === 'authOnly' ? ('authOnly' as const) : ('authCapture' as const),
    amount: formatAmount(t.amountMinor, t.currency),
    currency: t.currency,
    ...(input.card && { card: input.card }),
    ...(billTo && { billTo }),
    ...(shipTo && { shipTo }),
    ...(input.cvc !== undefined && { cvc: input.cvc }),
  };
  return resumeTransaction(ctx, t, request, t.amountMinor, t.currency);
}
