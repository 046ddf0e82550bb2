import type { Clock } from '../clock.ts';
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

/**
 * Records a failed authentication, with no merchant: whoever the caller claimed to be is not
 * trusted. `detail` says what was attempted and must hold no secret and no card data.
 */
export function auditAuthFailure(deps: { store: Pick<Stores, 'audit'>; clock: Clock }, actor: string, clientAddress: string | null, detail: string): Promise<void> {
  return deps.store.audit.insert({
    merchantId: null,
    actor,
    action: 'auth.failure',
    recordType: null,
    recordId: null,
    outcome: 'failure',
    clientAddress,
    detail,
    at: deps.clock.now().toISOString(),
  });
}
