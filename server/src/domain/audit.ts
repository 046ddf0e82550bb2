import type { Clock } from '../clock.ts';
import { scrub } from '../logger.ts';
import type { Stores } from '../store/types.ts';
import { nowIso, type DomainContext } from './context.ts';

/** Failed authentications from one address are counted in one audit row per window this long. */
export const AUTH_FAILURE_WINDOW_MS = 10 * 60_000;

const MAX_DETAIL = 200;

/** Every free-form value bound for the audit log passes here: masked, then bounded. */
const clean = (text: string | null) => (text === null ? null : scrub(text).slice(0, MAX_DETAIL));

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
    detail: clean(detail),
    at: nowIso(ctx),
  });
}

/**
 * Records a failed authentication, with no merchant: whoever the caller claimed to be is not
 * trusted. `detail` names the route pattern attempted (never the raw path, query or body).
 * Repeats from one address within a window add to one row's count.
 */
export function auditAuthFailure(deps: { store: Pick<Stores, 'audit'>; clock: Clock }, actor: string, clientAddress: string | null, detail: string): Promise<void> {
  const now = deps.clock.now();
  const window = Math.floor(now.getTime() / AUTH_FAILURE_WINDOW_MS);
  return deps.store.audit.recordRepeated(
    {
      merchantId: null,
      actor,
      action: 'auth.failure',
      recordType: null,
      recordId: null,
      outcome: 'failure',
      clientAddress,
      detail: clean(detail),
      at: now.toISOString(),
    },
    `auth.failure\n${actor}\n${clientAddress ?? ''}\n${window}`,
  );
}
