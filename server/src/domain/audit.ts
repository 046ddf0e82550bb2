import type { Stores } from '../store/types.ts';
import { nowIso, type DomainContext } from './context.ts';

/** Records an access to card or bank data. Never pass card data in `detail`. */
export function audit(
  ctx: DomainContext,
  stores: Pick<Stores, 'audit'>,
  action: string,
  record: { type: string; id: string | null },
  outcome: 'success' | 'failure' = 'success',
  detail: string | null = null,
): Promise<void> {
  return stores.audit.insert({
    merchantId: ctx.merchantId,
    actor: ctx.actor,
    action,
    recordType: record.type,
    recordId: record.id,
    outcome,
    clientAddress: ctx.clientAddress,
    detail,
    at: nowIso(ctx),
  });
}
