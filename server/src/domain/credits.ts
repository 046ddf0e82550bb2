import type { TransactionCreate, TransactionView } from '@cim/shared';
import { CimError } from '../errors.ts';
import { newNumericId } from '../ids.ts';
import type { TransactionRecord } from '../store/types.ts';
import { parseAmount } from './money.ts';
import { callProcessor, resultPatch } from './processor-calls.ts';
import { merchantSettings } from './settlement.ts';
import type { TransactionContext } from './transaction-context.ts';
import { UNANSWERED } from './transaction-records.ts';
import { auditDecryption, oneTimeSource, profileSource, recordedSource } from './transaction-sources.ts';
import { emitOutcome } from './webhook-events.ts';
import { transactionView } from './transaction-views.ts';

export type CreditInput = Pick<TransactionCreate, 'amount' | 'currency' | 'card' | 'bankAccount' | 'billTo' | 'customerProfileId' | 'paymentProfileId' | 'orderId' | 'description'>;

/**
 * An unlinked credit: money paid to a card, bank account or stored profile with
 * no original transaction. Off unless the merchant enabled it (PATCH /v1/settings
 * unlinkedCredits), as Authorize.Net requires. Recorded as a refund without a
 * parent, so it settles in the batch like any refund.
 */
export async function createCredit(ctx: TransactionContext, input: CreditInput): Promise<TransactionView> {
  if (!(await merchantSettings(ctx.store, ctx.merchantId)).unlinkedCredits) {
    throw new CimError('transaction_state', 'Unlinked credits are not enabled for this merchant (PATCH /v1/settings {"unlinkedCredits": true}).');
  }
  const currency = input.currency ?? 'USD';
  const amountMinor = parseAmount(input.amount, currency);
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const now = ctx.clock.now();
  const processor = await ctx.processors.current();
  const source =
    input.card !== undefined || input.bankAccount !== undefined
      ? oneTimeSource(crypto, input as TransactionCreate, now)
      : await profileSource(ctx, { customerId: input.customerProfileId ?? null, paymentProfileId: input.paymentProfileId ?? null }, undefined);
  const record: TransactionRecord = {
    id: newNumericId(),
    merchantId: ctx.merchantId,
    type: 'refund',
    parentId: null,
    ...UNANSWERED,
    currency,
    amountMinor,
    ...recordedSource(source),
    duplicateKey: null,
    processor: processor.name,
    orderId: input.orderId ?? null,
    description: input.description ?? null,
    shipTo: null,
    customerInfo: null,
    idempotencyKey: null,
    anetKind: 'credit',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.transactions.insert(record);
    await auditDecryption(ctx, tx, source);
  });
  const result = await callProcessor(record.id, () =>
    processor.credit({ reference: record.id, merchantId: ctx.merchantId, amountMinor, currency, payment: source.reveal(), billTo: source.billTo }),
  );
  const at = ctx.clock.now();
  const approved = result.status === 'approved';
  const final = await ctx.store.transaction(async (tx) => {
    const settled = await tx.transactions.settle(ctx.merchantId, record.id, {
      ...resultPatch(result),
      status: result.status,
      processorTransactionId: result.processorTransactionId ?? null,
      ...(approved && { capturedMinor: amountMinor, capturedAt: at.toISOString() }),
      updatedAt: at.toISOString(),
    });
    // An approved credit is money back to the card: transaction.refunded, like a linked refund.
    if (settled) await emitOutcome(ctx, tx, settled);
    return settled ?? record;
  });
  return transactionView(final, at);
}
