import { randomBytes } from 'node:crypto';
import type { CaptureRequest, TransactionView } from '@cim/shared';
import { CimError } from '../errors.ts';
import type { ProcessorResult } from '../processor/types.ts';
import type { TransactionRecord } from '../store/types.ts';
import { parseAmount } from './money.ts';
import { callProcessor } from './processor-calls.ts';
import type { TransactionContext } from './transaction-context.ts';
import { authorizationExpired, isSettled, transactionView } from './transaction-views.ts';
import { requireTransaction } from './transactions.ts';
import { emit, transactionEventData } from './webhook-events.ts';

/** The follow-up's own processor answer, beside the updated transaction. */
export interface ActionView extends TransactionView {
  action: { type: 'capture' | 'void'; status: ProcessorResult['status']; responseCode: number; reasonCode: number; reasonText: string; amount?: string };
}

const stateError = (message: string) => new CimError('transaction_state', message);

/** Checks run against the fresh record inside the commit that marks the action as under way. */
function assertCapturable(t: TransactionRecord, amountMinor: number, now: Date) {
  if (t.type !== 'authOnly' || t.status !== 'approved') throw stateError('Only an approved authOnly transaction can be captured.');
  if (t.voidedAt !== null) throw stateError('The authorisation has been voided.');
  if (t.capturedMinor > 0) throw stateError('The authorisation has already been captured.');
  if (t.pendingAction !== null) throw stateError(`A ${t.pendingAction} of this transaction is under way.`);
  if (authorizationExpired(t, now)) throw stateError('The authorisation has expired (30 days) and can no longer be captured.');
  if (amountMinor > t.amountMinor) throw new CimError('amount_exceeds_limit', 'The capture amount is more than was authorised.', { field: 'amount' });
}

function assertVoidable(t: TransactionRecord) {
  if (t.type === 'refund') throw stateError('A refund cannot be voided.');
  if (t.status !== 'approved' && t.status !== 'heldForReview') throw stateError(`A ${t.status} transaction cannot be voided.`);
  if (t.voidedAt !== null) throw stateError('The transaction has already been voided.');
  if (t.pendingAction !== null) throw stateError(`A ${t.pendingAction} of this transaction is under way.`);
  if (t.refundedMinor > 0 || t.refundReservedMinor > 0) throw stateError('A transaction with refunds cannot be voided.');
  if (isSettled(t)) throw stateError('The transaction has settled; refund it instead.');
}

/**
 * Runs a capture or void: mark it under way (one commit, so two concurrent
 * requests cannot both start it), call the processor outside the commit, then
 * record the answer. A request that finds the same action under way with no
 * answer recorded (a lost answer) asks the processor again with the same
 * reference, which returns the first outcome instead of acting twice.
 */
async function runAction(ctx: TransactionContext, id: string, type: 'capture' | 'void', amountMinor: number, check: (t: TransactionRecord, now: Date) => void): Promise<ActionView> {
  await requireTransaction(ctx, id);
  const started = await ctx.store.transaction(async (tx) => {
    const fresh = (await tx.transactions.get(ctx.merchantId, id))!;
    if (fresh.pendingAction === type && fresh.pendingReference !== null && (type === 'void' || fresh.pendingAmountMinor === amountMinor)) return fresh;
    check(fresh, ctx.clock.now());
    const reference = `${id}:${type}:${randomBytes(6).toString('hex')}`;
    return tx.transactions.update(ctx.merchantId, id, { pendingAction: type, pendingAmountMinor: amountMinor, pendingReference: reference, updatedAt: ctx.clock.now().toISOString() });
  });
  const request = { reference: started.pendingReference!, merchantId: ctx.merchantId, processorTransactionId: started.processorTransactionId ?? '', currency: started.currency };
  const processor = await ctx.processors.named(started.processor);
  const result = await callProcessor(id, () => (type === 'capture' ? processor.capture({ ...request, amountMinor }) : processor.void(request)));
  const now = ctx.clock.now();
  const final = await ctx.store.transaction(async (tx) => {
    const fresh = (await tx.transactions.get(ctx.merchantId, id))!;
    if (fresh.pendingReference !== started.pendingReference) return fresh;
    const done = result.status === 'approved';
    const updated = await tx.transactions.update(ctx.merchantId, id, {
      pendingAction: null,
      pendingAmountMinor: null,
      pendingReference: null,
      ...(done && type === 'capture' && { capturedMinor: amountMinor, capturedAt: now.toISOString() }),
      ...(done && type === 'void' && { voidedAt: now.toISOString() }),
      updatedAt: now.toISOString(),
    });
    if (done) await emit(ctx, tx, type === 'capture' ? 'transaction.captured' : 'transaction.voided', transactionEventData(updated, now));
    return updated;
  });
  const { status, responseCode, reasonCode, reasonText } = result;
  return {
    ...transactionView(final, now),
    action: { type, status, responseCode, reasonCode, reasonText, ...(type === 'capture' && { amount: transactionView(final, now).capturedAmount }) },
  };
}

/** Captures a prior authorisation, all of it or less (never more). One capture per authorisation. */
export async function captureTransaction(ctx: TransactionContext, id: string, input: CaptureRequest = {}): Promise<ActionView> {
  const t = await requireTransaction(ctx, id);
  const amountMinor = input.amount === undefined ? t.amountMinor : parseAmount(input.amount, t.currency);
  return runAction(ctx, id, 'capture', amountMinor, (fresh, now) => assertCapturable(fresh, amountMinor, now));
}

/** Cancels an authorisation, or a capture that has not settled yet and has no refunds. */
export function voidTransaction(ctx: TransactionContext, id: string): Promise<ActionView> {
  return runAction(ctx, id, 'void', 0, assertVoidable);
}
