import type { Clock } from '../clock.ts';
import type { Store } from '../store/types.ts';
import type { KeyRing } from '../vault/keyring.ts';

/** Everything a domain operation needs: who is acting, for which merchant, with what. */
export interface DomainContext {
  store: Store;
  keyring: KeyRing;
  clock: Clock;
  merchantId: string;
  /** "api", "widget:<session>", "anet", "cli"… recorded in the audit log. */
  actor: string;
  clientAddress: string | null;
}

export const nowIso = (ctx: Pick<DomainContext, 'clock'>) => ctx.clock.now().toISOString();
