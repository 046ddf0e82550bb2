import { settleDue } from '../../domain/settlement.ts';
import { occurrenceOfKey } from '../../domain/subscription-billing.ts';
import { requireTransaction } from '../../domain/transactions.ts';
import type { TransactionRecord } from '../../store/types.ts';
import { INFO } from './envelope.ts';
import { AnetError, invalidError, requiredError, schemaError } from './messages.ts';
import type { AnetCall, AnetHandler } from './operation.ts';
import { bool, child, int, oneOf, requiredId, text, type Json } from './parse.ts';
import { transactionContext } from './transactions.ts';
import { batchStatistics, batchView, transactionDetails, transactionSummary } from './reporting-views.ts';

const DAY_MS = 86_400_000;

/** subscriptionPaymentType {id, payNum} for a charge the scheduler made for a subscription. */
function subscriptionOf(t: TransactionRecord): Json | undefined {
  const o = occurrenceOfKey(t.idempotencyKey);
  return o ? { id: o.subscriptionId, payNum: o.occurrence } : undefined;
}
/** Authorize.Net's limit on a settled-batch query: 31 days. */
const MAX_RANGE_MS = 31 * DAY_MS;

/** Reports see every batch whose cut-off has passed, even before the scheduler's next round. */
const settled = async (call: AnetCall) => settleDue(call.ctx.store, call.merchant.id, call.ctx.clock.now());

function dateTime(obj: Json, key: string): Date | undefined {
  const value = text(obj, key, 40);
  if (value === undefined) return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(d.getTime())) throw schemaError(key, "The value is invalid according to its datatype 'DateTime'.");
  return d;
}

/** sorting {orderBy: id | submitTimeUTC, orderDescending} and paging {limit 1–1000, offset = page number}. */
function sortAndPage(request: Json, rows: TransactionRecord[]): { page: TransactionRecord[]; total: number } {
  const sorting = child(request, 'sorting');
  const orderBy = oneOf(sorting, 'orderBy', ['id', 'submitTimeUTC'] as const) ?? 'submitTimeUTC';
  const descending = bool(sorting, 'orderDescending') ?? false;
  const key = (t: TransactionRecord) => (orderBy === 'id' ? t.id.padStart(20, '0') : `${t.createdAt}|${t.id.padStart(20, '0')}`);
  const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (descending) sorted.reverse();
  const paging = child(request, 'paging');
  const limit = int(paging, 'limit', 1, 1000) ?? 1000;
  const offset = int(paging, 'offset', 1, 100000) ?? 1;
  return { page: sorted.slice((offset - 1) * limit, offset * limit), total: sorted.length };
}

/** A list answer; none at all is Ok with I00004 "No records found.", as Authorize.Net says it. */
const listAnswer = (fields: Json, count: number): Json => (count === 0 ? { ...fields, [INFO]: 'I00004' } : fields);

export const getSettledBatchList: AnetHandler = async (call) => {
  await settled(call);
  const now = call.ctx.clock.now();
  const first = dateTime(call.request, 'firstSettlementDate');
  const last = dateTime(call.request, 'lastSettlementDate');
  // Without dates: the last 24 hours. With only the first: 31 days from it, at most until now.
  const from = first ?? new Date((last ?? now).getTime() - DAY_MS);
  const to = last ?? (first ? new Date(Math.min(now.getTime(), first.getTime() + MAX_RANGE_MS)) : now);
  if (to < from || to.getTime() - from.getTime() > MAX_RANGE_MS) throw invalidError('Settlement date range (at most 31 days, first before last)');
  const includeStatistics = bool(call.request, 'includeStatistics') ?? false;
  const batches = await call.ctx.store.settlement.listBatches(call.merchant.id, { from: from.toISOString(), to: new Date(to.getTime() + 1).toISOString() });
  const batchList = await Promise.all(
    batches.map(async (b) => batchView(b, includeStatistics ? batchStatistics(await call.ctx.store.transactions.listForBatch(call.merchant.id, b.id)) : undefined)),
  );
  return listAnswer({ batchList }, batchList.length);
};

async function requireBatch(call: AnetCall) {
  const batchId = requiredId(call.request, 'batchId', 'Batch ID');
  const batch = await call.ctx.store.settlement.getBatch(call.merchant.id, batchId);
  if (!batch) throw new AnetError('E00040');
  return batch;
}

export const getBatchStatistics: AnetHandler = async (call) => {
  await settled(call);
  const batch = await requireBatch(call);
  return { batch: batchView(batch, batchStatistics(await call.ctx.store.transactions.listForBatch(call.merchant.id, batch.id))) };
};

export const getTransactionList: AnetHandler = async (call) => {
  await settled(call);
  const batch = await requireBatch(call);
  const now = call.ctx.clock.now();
  const { page, total } = sortAndPage(call.request, await call.ctx.store.transactions.listForBatch(call.merchant.id, batch.id));
  return listAnswer({ transactions: page.map((t) => transactionSummary(t, now, subscriptionOf(t))), totalNumInResultSet: total }, total);
};

export const getUnsettledTransactionList: AnetHandler = async (call) => {
  await settled(call);
  const now = call.ctx.clock.now();
  // status: pendingApproval narrows the list to transactions held for review.
  const status = oneOf(call.request, 'status', ['any', 'pendingApproval'] as const) ?? 'any';
  const rows = (await call.ctx.store.transactions.listUnsettled(call.merchant.id, 1000)).filter((t) => status === 'any' || t.status === 'heldForReview');
  const { page, total } = sortAndPage(call.request, rows);
  return listAnswer({ transactions: page.map((t) => transactionSummary(t, now, subscriptionOf(t))), totalNumInResultSet: total }, total);
};

export const getTransactionDetails: AnetHandler = async (call) => {
  await settled(call);
  const transId = text(call.request, 'transId');
  if (transId === undefined) throw requiredError('Transaction ID');
  const t = await requireTransaction(transactionContext(call), transId);
  const batch = t.batchId !== null ? await call.ctx.store.settlement.getBatch(call.merchant.id, t.batchId) : null;
  return { transaction: transactionDetails(t, call.ctx.clock.now(), batch, subscriptionOf(t)) };
};

/** Authorize.Net's getTransactionListForCustomerRequest: a profile's (or one payment profile's) transactions. */
export const getTransactionListForCustomer: AnetHandler = async (call) => {
  await settled(call);
  const customerId = requiredId(call.request, 'customerProfileId', 'Customer Profile ID');
  const paymentProfileId = text(call.request, 'customerPaymentProfileId');
  if (!(await call.ctx.store.customers.get(call.merchant.id, customerId))) throw new AnetError('E00040');
  const rows: TransactionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await call.ctx.store.transactions.listForCustomer(call.merchant.id, customerId, { limit: 100, cursor });
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < 10_000);
  const now = call.ctx.clock.now();
  const { page, total } = sortAndPage(call.request, paymentProfileId === undefined ? rows : rows.filter((t) => t.paymentProfileId === paymentProfileId));
  return listAnswer({ transactions: page.map((t) => transactionSummary(t, now, subscriptionOf(t))), totalNumInResultSet: total }, total);
};
