import type { RefundRequest, TransactionView } from '@cim/shared';
import { CimError } from '../errors.ts';
import { newNumericId } from '../ids.ts';
import type { TransactionRecord } from '../store/types.ts';
import { formatAmount, parseAmount } from './money.ts';
import { callProcessor, resultPatch } from './processor-calls.ts';
import type { TransactionContext } from './transaction-context.ts';
import { UNANSWERED } from './transaction-records.ts';
import { isSettled, transactionView } from './transaction-views.ts';
import type { TransactionOptions } from './transactions.ts';
import { emitOutcome } from './webhook-events.ts';
import { requireTransaction } from './transactions.ts';

function refundRecord(parent: TransactionRecord, id: string, amountMinor: number, now: string, idempotencyKey: string | null, orderId: string | undefined): TransactionRecord {
  return {
    ...parent,
    id,
    type: 'refund',
    parentId: parent.id,
    ...UNANSWERED,
    amountMinor,
    source: 'parent',
    duplicateKey: null,
    customerInfo: null,
    // The refund's own invoice number when the caller gives one (Authorize.Net's order.invoiceNumber), else the original's.
    orderId: orderId ?? parent.orderId,
    idempotencyKey,
    anetKind: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Refunds part or all of a captured transaction as a new `refund` transaction.
 * The amount is reserved on the original in the same commit that checks the
 * limit, so concurrent refunds can never add up to more than was captured; the
 * reservation becomes a refund when the processor approves, or is released.
 */
export async function refundTransaction(ctx: TransactionContext, id: string, input: RefundRequest & { orderId?: string }, options: TransactionOptions = {}): Promise<TransactionView> {
  const parent = await requireTransaction(ctx, id);
  // No amount: what remains of the capture, read in the same commit that reserves it.
  const requested = input.amount === undefined ? null : parseAmount(input.amount, parent.currency);
  if (options.idempotencyKey !== undefined) {
    const earlier = await ctx.store.transactions.getByIdempotencyKey(ctx.merchantId, options.idempotencyKey);
    if (earlier) {
      if (earlier.type !== 'refund' || earlier.parentId !== id || (requested !== null && earlier.amountMinor !== requested)) {
        throw new CimError('idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
      }
      if (earlier.status !== 'pending') return transactionView(earlier, ctx.clock.now());
      return sendRefund(ctx, parent, earlier, true);
    }
  }
  const refundId = newNumericId();
  const createdAt = ctx.clock.now().toISOString();
  const refund = await ctx.store.transaction(async (tx) => {
    const fresh = (await tx.transactions.get(ctx.merchantId, id))!;
    if (fresh.type === 'refund' || fresh.status !== 'approved' || fresh.capturedMinor === 0) {
      throw new CimError('transaction_state', 'Only an approved, captured transaction can be refunded.');
    }
    if (fresh.voidedAt !== null) throw new CimError('transaction_state', 'A voided transaction cannot be refunded.');
    // As on Authorize.Net and Braintree: until its batch settles the money has not moved, so it is voided instead.
    if (!isSettled(fresh)) throw new CimError('transaction_state', 'The transaction has not settled yet, so it cannot be refunded; void it instead.');
    if (fresh.pendingAction !== null) throw new CimError('transaction_state', `A ${fresh.pendingAction} of this transaction is under way.`);
    const refundable = fresh.capturedMinor - fresh.refundedMinor - fresh.refundReservedMinor;
    if (requested === null && refundable <= 0) throw new CimError('transaction_state', 'Nothing is left to refund: the capture has been refunded in full.');
    const amountMinor = requested ?? refundable;
    if (amountMinor > refundable) {
      throw new CimError('amount_exceeds_limit', `At most ${formatAmount(Math.max(0, refundable), fresh.currency)} ${fresh.currency} can still be refunded.`, { field: 'amount' });
    }
    const record = refundRecord(parent, refundId, amountMinor, createdAt, options.idempotencyKey ?? null, input.orderId);
    await tx.transactions.update(ctx.merchantId, id, { refundReservedMinor: fresh.refundReservedMinor + amountMinor, updatedAt: createdAt });
    await tx.transactions.insert(record);
    return record;
  });
  return sendRefund(ctx, parent, refund, false);
}

/** A refund whose processor answer was lost: asks again with the same reference. */
export async function resumeRefund(ctx: TransactionContext, refund: TransactionRecord): Promise<TransactionView> {
  return sendRefund(ctx, await requireTransaction(ctx, refund.parentId!), refund, true);
}

/** `retry`: this refund may have reached the processor before (its answer was lost). */
async function sendRefund(ctx: TransactionContext, parent: TransactionRecord, refund: TransactionRecord, retry: boolean): Promise<TransactionView> {
  // The refund goes back to the processor that took the money.
  const processor = await ctx.processors.named(parent.processor);
  const account = { type: parent.paymentType, last4: parent.last4 };
  const result = await callProcessor(refund.id, () =>
    processor.refund({ reference: refund.id, merchantId: ctx.merchantId, processorTransactionId: parent.processorTransactionId ?? '', currency: refund.currency, amountMinor: refund.amountMinor, account, retry }),
  );
  const now = ctx.clock.now();
  const final = await ctx.store.transaction(async (tx) => {
    const fresh = (await tx.transactions.get(ctx.merchantId, refund.id))!;
    if (fresh.status !== 'pending') return fresh;
    const original = (await tx.transactions.get(ctx.merchantId, parent.id))!;
    const approved = result.status === 'approved';
    await tx.transactions.update(ctx.merchantId, parent.id, {
      refundReservedMinor: original.refundReservedMinor - refund.amountMinor,
      ...(approved && { refundedMinor: original.refundedMinor + refund.amountMinor }),
      updatedAt: now.toISOString(),
    });
    const updated = await tx.transactions.update(ctx.merchantId, refund.id, {
      ...resultPatch(result),
      status: result.status,
      processorTransactionId: result.processorTransactionId ?? null,
      ...(approved && { capturedMinor: refund.amountMinor, capturedAt: now.toISOString() }),
      updatedAt: now.toISOString(),
    });
    await emitOutcome(ctx, tx, updated);
    return updated;
  });
  return transactionView(final, now);
}
