import type { ConsoleAuditEntry, Page } from '@cim/shared';
import type { AuditFilter } from '../store/types.ts';
import type { DomainContext } from './context.ts';

/** A page of the merchant's audit log, newest first; the cursor is the last entry's id. */
export async function searchAuditLog(ctx: DomainContext, filter: Omit<AuditFilter, 'beforeId'> & { cursor?: string | undefined }, limit: number): Promise<Page<ConsoleAuditEntry>> {
  const { cursor, ...rest } = filter;
  const rows = await ctx.store.audit.search(ctx.merchantId, { ...rest, ...(cursor !== undefined && { beforeId: Number(cursor) }) }, limit + 1);
  const page = rows.slice(0, limit);
  return {
    data: page.map(({ merchantId: _merchantId, ...entry }) => entry),
    nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
  };
}
