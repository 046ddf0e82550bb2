import type { Json } from './http.ts';

/** One authenticated gateway call: the request's root key and its fields. */
export type GatewayCall = (root: string, fields: Json) => Promise<Json>;

const PAGE = 1000;
/** Unsettled transactions are read newest first, at most this many pages. */
const MAX_PAGES = 5;
/** Settled batches searched: a lost answer is resolved long before this. */
const SETTLED_DAYS = 2;

const rows = (answer: Json): Json[] => (Array.isArray(answer.transactions) ? (answer.transactions as Json[]) : []);
const matching = (list: Json[], reference: string) => list.find((t) => t.invoiceNumber === reference)?.transId as string | undefined;

/**
 * The gateway's id of the transaction CIM sent under `reference` (its invoiceNumber), or undefined
 * when the gateway has none: among unsettled transactions first (newest first), then in the
 * batches settled over the last two days. Declined transactions may be in neither; resending
 * those moves no money.
 */
export async function findByInvoice(call: GatewayCall, reference: string, now: Date): Promise<string | undefined> {
  for (let offset = 1; offset <= MAX_PAGES; offset++) {
    const page = rows(await call('getUnsettledTransactionListRequest', { sorting: { orderBy: 'submitTimeUTC', orderDescending: true }, paging: { limit: PAGE, offset } }));
    const found = matching(page, reference);
    if (found) return found;
    if (page.length < PAGE) break;
  }
  const since = new Date(now.getTime() - SETTLED_DAYS * 86_400_000);
  const batches = await call('getSettledBatchListRequest', { firstSettlementDate: since.toISOString().slice(0, 19), lastSettlementDate: now.toISOString().slice(0, 19) });
  const batchList = Array.isArray(batches.batchList) ? (batches.batchList as Json[]) : [];
  for (const batch of batchList.reverse()) {
    for (let offset = 1; offset <= MAX_PAGES; offset++) {
      const page = rows(await call('getTransactionListRequest', { batchId: batch.batchId, sorting: { orderBy: 'submitTimeUTC', orderDescending: true }, paging: { limit: PAGE, offset } }));
      const found = matching(page, reference);
      if (found) return found;
      if (page.length < PAGE) break;
    }
  }
  return undefined;
}
