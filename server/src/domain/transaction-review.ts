import type { ReviewRequest, TransactionView } from '@cim/shared';
import { CimError } from '../errors.ts';
import type { ProcessorResult } from '../processor/types.ts';
import type { TransactionRecord } from '../store/types.ts';
import { callProcessor } from './processor-calls.ts';
import type { TransactionContext } from './transaction-context.ts';
import { transactionView } from './transaction-views.ts';
import { emitOutcome } from './webhook-events.ts';
import { requireTransaction } from './transactions.ts';

/** The review's own processor answer, beside the updated transaction. */
export interface ReviewView extends TransactionView {
  action: { type: 'review'; decision: ReviewRequest['decision']; status: ProcessorResult['status']; responseCode: number; reasonCode: number; reasonText: string };
}

const isHeld = (t: TransactionRecord) => t.status === 'heldForReview' && t.voidedAt === null;

/**
 * Approves or declines a transaction the processor held for review. The
 * reference is the same for every review of a transaction, so two reviews at
 * once, or a retry after a lost answer, get the processor's first decision and
 * never move money twice; the processor's answer, not the request, decides the
 * outcome. Approved: the charge stands as first asked (captured for
 * authCapture, authorised for authOnly). Declined: it never moves money. A
 * processor error leaves it held.
 */
export async function reviewTransaction(ctx: TransactionContext, id: string, input: ReviewRequest): Promise<ReviewView> {
  const t = await requireTransaction(ctx, id);
  if (!isHeld(t)) throw new CimError('transaction_state', 'Only a transaction held for review can be approved or declined.');
  const processor = await ctx.processors.named(t.processor);
  const result = await callProcessor(id, () =>
    processor.review({ reference: `${id}:review`, merchantId: ctx.merchantId, processorTransactionId: t.processorTransactionId ?? '', currency: t.currency, decision: input.decision }),
  );
  const now = ctx.clock.now();
  const final = await ctx.store.transaction(async (tx) => {
    const fresh = (await tx.transactions.get(ctx.merchantId, id))!;
    // Another review recorded the processor's decision first (or a void came in between).
    if (!isHeld(fresh) || (result.status !== 'approved' && result.status !== 'declined')) return fresh;
    const captured = result.status === 'approved' && fresh.type === 'authCapture';
    const updated = await tx.transactions.update(ctx.merchantId, id, {
      status: result.status,
      responseCode: result.responseCode,
      reasonCode: result.reasonCode,
      reasonText: result.reasonText,
      declineCode: result.declineCode ?? null,
      ...(captured && { capturedMinor: fresh.amountMinor, capturedAt: now.toISOString() }),
      updatedAt: now.toISOString(),
    });
    await emitOutcome(ctx, tx, updated);
    return updated;
  });
  const { status, responseCode, reasonCode, reasonText } = result;
  return { ...transactionView(final, now), action: { type: 'review', decision: input.decision, status, responseCode, reasonCode, reasonText } };
}
