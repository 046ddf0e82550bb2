import type { MerchantTransactionListQuery, Page, TransactionCreate, TransactionView } from '@cim/shared';
import { CimError, DuplicateError, NotFoundError } from '../errors.ts';
import { isRecordId, newNumericId } from '../ids.ts';
import type { Processor, ProcessorResult } from '../processor/types.ts';
import type { TransactionRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { requireCustomer } from './customers.ts';
import { parseAmount } from './money.ts';
import { assertNewCustomer, insertProfileFromCard, prepareProfile, sealRetainedCard } from './one-time-cards.ts';
import { callProcessor, resultPatch } from './processor-calls.ts';
import type { TransactionContext } from './transaction-context.ts';
import { settleProvisionalCard } from './provisional-cards.ts';
import { auditDecryption, oneTimeSource, profileSource, recordedSource, tokenSource, type ChargeSource } from './transaction-sources.ts';
import { UNANSWERED } from './transaction-records.ts';
import { AUTHORIZATION_LIFETIME_MS, transactionView } from './transaction-views.ts';
import { emit, emitOutcome } from './webhook-events.ts';

export type { TransactionContext } from './transaction-context.ts';

/** Authorize.Net's default: an identical charge within 2 minutes is refused unless the request says otherwise. */
export const DEFAULT_DUPLICATE_WINDOW_SECONDS = 120;

export interface TransactionOptions {
  /** The request's Idempotency-Key: a retry with it resumes the same transaction instead of charging again. */
  idempotencyKey?: string | undefined;
  /** captureOnly: capture an authorisation obtained elsewhere (e.g. by phone) under this authorisation code. */
  captureOnlyAuthCode?: string | undefined;
}

export async function requireTransaction(ctx: TransactionContext, id: string): Promise<TransactionRecord> {
  const t = isRecordId(id) ? await ctx.store.transactions.get(ctx.merchantId, id) : null;
  if (!t) throw new NotFoundError('Transaction');
  return t;
}

export async function getTransaction(ctx: TransactionContext, id: string): Promise<TransactionView> {
  return transactionView(await requireTransaction(ctx, id), ctx.clock.now());
}

export async function listCustomerTransactions(ctx: TransactionContext, customerId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<TransactionView>> {
  await requireCustomer(ctx, ctx.store, customerId);
  const result = await ctx.store.transactions.listForCustomer(ctx.merchantId, customerId, page);
  const now = ctx.clock.now();
  return { data: result.rows.map((t) => transactionView(t, now)), nextCursor: result.nextCursor };
}

/** GET /v1/transactions: an unknown customer (or one of another merchant) matches nothing, as any filter would. */
export async function listMerchantTransactions(ctx: TransactionContext, q: MerchantTransactionListQuery): Promise<Page<TransactionView>> {
  const now = ctx.clock.now();
  if (q.customerProfileId !== undefined && !isRecordId(q.customerProfileId)) return { data: [], nextCursor: null };
  const result = await ctx.store.transactions.listForMerchant(
    ctx.merchantId,
    {
      customerId: q.customerProfileId,
      type: q.type,
      state: q.state,
      authorizationCutoff: new Date(now.getTime() - AUTHORIZATION_LIFETIME_MS).toISOString(),
      createdFrom: instant(q.createdFrom),
      createdTo: instant(q.createdTo),
    },
    { cursor: q.cursor, limit: q.limit ?? 20 },
  );
  return { data: result.rows.map((t) => transactionView(t, now)), nextCursor: result.nextCursor };
}

/** Stored times are UTC ISO strings (compared as text on SQLite): an offset or a bare date is turned into one. */
const instant = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

async function resolveSource(ctx: TransactionContext, crypto: MerchantCrypto, input: TransactionCreate, now: Date): Promise<ChargeSource> {
  if (input.token !== undefined) return tokenSource(ctx, input.token, input.cvc);
  if (input.card !== undefined || input.bankAccount !== undefined) return oneTimeSource(crypto, input, now);
  return profileSource(ctx, { customerId: input.customerProfileId ?? null, paymentProfileId: input.paymentProfileId ?? null, shippingAddressId: input.shippingAddressId }, input.cvc);
}

/** A token from a session bound to an amount pays at most that, in that currency; checked before anything is written. */
function requireWithinSession(source: ChargeSource, amountMinor: number, currency: string): void {
  if (!source.bound) return;
  if (source.bound.currency !== currency) {
    throw new CimError('amount_exceeds_session', `This token pays in ${source.bound.currency}, as its checkout session said.`, { field: 'currency' });
  }
  if (amountMinor > parseAmount(source.bound.amount, currency)) {
    throw new CimError('amount_exceeds_session', `This token pays at most ${source.bound.amount} ${currency}, the amount its checkout session was bound to.`, { field: 'amount' });
  }
}

function pendingRecord(ctx: TransactionContext, processor: Processor, id: string, input: TransactionCreate, source: ChargeSource, amountMinor: number, currency: string, options: TransactionOptions): TransactionRecord {
  const now = ctx.clock.now().toISOString();
  return {
    id,
    merchantId: ctx.merchantId,
    type: input.type,
    parentId: null,
    ...UNANSWERED,
    currency,
    amountMinor,
    ...recordedSource(source),
    duplicateKey: source.duplicateKey,
    processor: processor.name,
    orderId: input.orderId ?? null,
    description: input.description ?? null,
    shipTo: source.shipTo ?? null,
    customerInfo: input.customer ?? null,
    idempotencyKey: options.idempotencyKey ?? null,
    anetKind: options.captureOnlyAuthCode !== undefined ? 'captureOnly' : null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Charges (authCapture) or authorises (authOnly) a stored profile, a widget
 * result token or one-time card data.
 *
 * The record is written as `pending` before the processor is called, and the
 * processor gets our transaction id as its idempotency reference. If the answer
 * is lost, a retry with the same Idempotency-Key finds the pending record and asks
 * the processor again with the same reference: it answers with the first outcome
 * instead of charging twice.
 */
export async function createTransaction(ctx: TransactionContext, input: TransactionCreate, options: TransactionOptions = {}): Promise<TransactionView> {
  const currency = input.currency ?? 'USD';
  const amountMinor = parseAmount(input.amount, currency);
  if (options.idempotencyKey !== undefined) {
    const earlier = await ctx.store.transactions.getByIdempotencyKey(ctx.merchantId, options.idempotencyKey);
    if (earlier) return resumeTransaction(ctx, earlier, input, amountMinor, currency);
  }
  const now = ctx.clock.now();
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const processor = await ctx.processors.current();
  const id = newNumericId();
  const source = await resolveSource(ctx, crypto, input, now);
  requireWithinSession(source, amountMinor, currency);
  if (input.createProfile) await assertNewCustomer(ctx, ctx.store, input.customer ?? {}, fallbackDescription(id));
  const record = pendingRecord(ctx, processor, id, input, source, amountMinor, currency, options);
  const windowSeconds = input.duplicateWindowSeconds ?? DEFAULT_DUPLICATE_WINDOW_SECONDS;
  await ctx.store.transaction(async (tx) => {
    // With an Idempotency-Key the client has said which requests are the same; without one, Authorize.Net's window applies.
    if (options.idempotencyKey === undefined && windowSeconds > 0) {
      const since = new Date(now.getTime() - windowSeconds * 1000).toISOString();
      const dup = await tx.transactions.findDuplicate(ctx.merchantId, { duplicateKey: source.duplicateKey, type: input.type, amountMinor, currency, since });
      if (dup) {
        throw new DuplicateError('duplicate_transaction', `A duplicate transaction (${dup.id}) was submitted within the last ${windowSeconds} seconds. Send duplicateWindowSeconds: 0 to charge again.`, dup.id);
      }
    }
    await tx.transactions.insert(record);
    if (source.tokenUse) {
      await tx.tokenUses.insert(source.tokenUse);
      await emit(ctx, tx, 'token.redeemed', tokenRedeemedData(source.tokenUse.jti, record));
    }
    // One commit for the pending record and the audit of the decryption that follows it.
    await auditDecryption(ctx, tx, source);
  });
  return authorizeAndRecord(ctx, { processor, retry: false }, crypto, record, source, input, options.captureOnlyAuthCode);
}

const fallbackDescription = (transactionId: string) => `Created from transaction ${transactionId}`;

/** token.redeemed: which token paid for which transaction, with the masked card it stood for. */
const tokenRedeemedData = (jti: string, t: TransactionRecord) => ({
  tokenId: jti,
  transactionId: t.id,
  customerProfileId: t.customerId,
  paymentProfileId: t.paymentProfileId,
  card: { brand: t.brand, last4: t.last4 },
});

/** A retry with the Idempotency-Key of an earlier request: the earlier result, or the pending call finished. */
export async function resumeTransaction(ctx: TransactionContext, earlier: TransactionRecord, input: TransactionCreate, amountMinor: number, currency: string): Promise<TransactionView> {
  if (earlier.type !== input.type || earlier.amountMinor !== amountMinor || earlier.currency !== currency) {
    throw new CimError('idempotency_key_reused', 'This Idempotency-Key was used for a different transaction.');
  }
  if (earlier.status !== 'pending') return transactionView(earlier, ctx.clock.now());
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const source =
    earlier.source === 'card'
      ? oneTimeSource(crypto, input, ctx.clock.now())
      : await profileSource(ctx, { customerId: earlier.customerId, paymentProfileId: earlier.paymentProfileId, shippingAddressId: earlier.shippingAddressId }, input.cvc);
  if (source.duplicateKey !== earlier.duplicateKey) throw new CimError('idempotency_key_reused', 'This Idempotency-Key was used for a different card.');
  await auditDecryption(ctx, ctx.store, source);
  // The same processor as the first attempt, told that it may have seen this reference already.
  return authorizeAndRecord(ctx, { processor: await ctx.processors.named(earlier.processor), retry: true }, crypto, earlier, source, input);
}

async function authorizeAndRecord(
  ctx: TransactionContext,
  call: { processor: Processor; retry: boolean },
  crypto: MerchantCrypto,
  record: TransactionRecord,
  source: ChargeSource,
  input: TransactionCreate,
  captureOnlyAuthCode?: string,
): Promise<TransactionView> {
  const result = await callProcessor(record.id, () =>
    call.processor.authorize({
      reference: record.id,
      retry: call.retry,
      merchantId: ctx.merchantId,
      amountMinor: record.amountMinor,
      currency: record.currency,
      capture: record.type === 'authCapture',
      payment: source.reveal(),
      billTo: source.billTo,
      shipTo: source.shipTo,
      orderId: record.orderId ?? undefined,
      description: record.description ?? undefined,
      ...(captureOnlyAuthCode !== undefined && { authCode: captureOnlyAuthCode }),
    }),
  );
  const now = ctx.clock.now();
  // Sealing happens before the commit: inside it only store calls may run.
  const keepCard = source.card && result.status === 'approved' ? source.card : undefined;
  const prepared = keepCard && input.createProfile ? prepareProfile(crypto, { number: keepCard.digits, expMonth: keepCard.expMonth, expYear: keepCard.expYear }, now) : undefined;
  // Kept for /v1/customers/from-transaction when no profile is made now (or making it fails).
  const retained = keepCard ? sealRetainedCard(crypto, record.id, keepCard, now) : undefined;
  const patch = authorizationPatch(record, result, now);
  let profileError: TransactionView['profileError'];
  const final = await ctx.store.transaction(async (tx) => {
    if (!prepared) {
      const settled = await tx.transactions.settle(ctx.merchantId, record.id, { ...patch, ...(retained ?? {}) });
      // Null: another retry recorded the answer first, and its result stands (and settled the card).
      if (settled && source.provisional) await settleProvisionalCard(ctx, tx, settled);
      if (settled) await emitOutcome(ctx, tx, settled);
      return settled ?? (await tx.transactions.get(ctx.merchantId, record.id)) ?? record;
    }
    const fresh = await tx.transactions.get(ctx.merchantId, record.id);
    if (!fresh || fresh.status !== 'pending') return fresh ?? record;
    try {
      const saved = await insertProfileFromCard(ctx, tx, { customer: input.customer ?? {}, fallbackDescription: fallbackDescription(record.id), prepared, billTo: source.billTo, shipTo: source.shipTo ?? null });
      const updated = await tx.transactions.update(ctx.merchantId, record.id, { ...patch, customerId: saved.customerId, paymentProfileId: saved.paymentProfileId, shippingAddressId: saved.shippingAddressId });
      await emitOutcome(ctx, tx, updated);
      return updated;
    } catch (error) {
      // The charge stands; the profile can still be made later with /v1/customers/from-transaction.
      if (!(error instanceof CimError)) throw error;
      profileError = { code: error.code, message: error.message, ...(error.existingId !== undefined && { existingId: error.existingId }) };
      const updated = await tx.transactions.update(ctx.merchantId, record.id, { ...patch, ...retained });
      await emitOutcome(ctx, tx, updated);
      return updated;
    }
  });
  return { ...transactionView(final, now), ...(profileError && { profileError }) };
}

function authorizationPatch(record: TransactionRecord, result: ProcessorResult, now: Date): Partial<TransactionRecord> {
  const captured = result.status === 'approved' && record.type === 'authCapture';
  return {
    ...resultPatch(result),
    status: result.status,
    processorTransactionId: result.processorTransactionId ?? null,
    capturedMinor: captured ? record.amountMinor : 0,
    capturedAt: captured ? now.toISOString() : null,
    updatedAt: now.toISOString(),
  };
}
