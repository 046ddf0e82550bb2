import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import type { Stores } from '../store/types.ts';
import { auditAuthFailure } from './audit.ts';
import { RateLimits } from './rate-limit.ts';

const MAX_BLOCKED = 10_000;

const byStore = new WeakMap<object, AuthFailures>();

/** The one AuthFailures of an app (keyed by its store), shared by the REST, Authorize.Net and widget authenticators. */
export function authFailuresFor(deps: { store: Pick<Stores, 'audit' | 'rateLimits'>; clock: Clock }): AuthFailures {
  let failures = byStore.get(deps.store);
  if (!failures) byStore.set(deps.store, (failures = new AuthFailures(deps)));
  return failures;
}

/**
 * Throttles failed authentication per client address, for every credential (REST
 * secret key, Authorize.Net transaction key, session token). The budget lives in the
 * database, shared by every instance; once an address has spent it, this instance
 * also remembers it so the blocked address is refused before any lookup.
 * Successful requests never touch the database here.
 */
export class AuthFailures {
  readonly #deps: { store: Pick<Stores, 'audit' | 'rateLimits'>; clock: Clock };
  readonly #limits: RateLimits;
  readonly #blockedUntil = new Map<string, number>();

  constructor(deps: { store: Pick<Stores, 'audit' | 'rateLimits'>; clock: Clock }) {
    this.#deps = deps;
    this.#limits = new RateLimits(deps);
  }

  /** Before checking a credential: refuses an address that is over its failure budget. */
  assertAllowed(address: string | null): void {
    const until = this.#blockedUntil.get(address ?? '');
    if (until === undefined) return;
    const wait = until - this.#deps.clock.now().getTime();
    if (wait > 0) throw tooMany(wait / 1000);
    this.#blockedUntil.delete(address ?? '');
  }

  /**
   * After a failed check: audits it (aggregated per address and window) and takes from
   * the address's budget. Throws rate_limited once the budget is spent; otherwise the
   * caller answers its own unauthorized error.
   */
  async failed(actor: string, address: string | null, routePattern: string): Promise<void> {
    const [, wait] = await Promise.all([auditAuthFailure(this.#deps, actor, address, routePattern), this.#limits.take('addressAuthFailures', address ?? 'unknown')]);
    if (wait <= 0) return;
    if (this.#blockedUntil.size >= MAX_BLOCKED) this.#blockedUntil.clear();
    this.#blockedUntil.set(address ?? '', this.#deps.clock.now().getTime() + wait * 1000);
    throw tooMany(wait);
  }
}

const tooMany = (seconds: number) =>
  new CimError('rate_limited', 'Too many failed authentication attempts from this address; try again later.', { retryAfter: Math.max(1, Math.ceil(seconds)) });
