import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import type { RateLimitPolicy, Stores } from '../store/types.ts';

export type { RateLimitPolicy as BucketPolicy } from '../store/types.ts';

/** CIM's limits (documented in docs/tokens.md and SECURITY.md), before CIM_RATE_LIMIT_SCALE. */
export const LIMITS = {
  /** Every widget API call of one session. */
  sessionRequests: { capacity: 60, refillPerSecond: 1 },
  /** Every widget API call from one client address. */
  addressRequests: { capacity: 300, refillPerSecond: 5 },
  /** Card saves from one client address: card testers reuse addresses across sessions. */
  addressCardSaves: { capacity: 20, refillPerSecond: 1 / 30 },
  /** Card saves across all of one merchant's sessions. */
  merchantCardSaves: { capacity: 600, refillPerSecond: 20 },
  /** Saves of one card number (by keyed fingerprint) across every session and address: a card tester's rotation of addresses stops here. */
  cardNumberSaves: { capacity: 5, refillPerSecond: 1 / 60 },
  /** Checkout sessions one merchant creates. */
  merchantSessions: { capacity: 600, refillPerSecond: 20 },
  /** Failed authentications (secret key, transaction key, session token) from one client address. */
  addressAuthFailures: { capacity: 20, refillPerSecond: 1 / 3 },
} as const satisfies Record<string, RateLimitPolicy>;

export type LimitKind = keyof typeof LIMITS;

/** At most this many cards saved per session, whatever the rate (counted in the database). */
export const SESSION_CARD_SAVES = 10;

const scaled = (p: RateLimitPolicy, scale: number): RateLimitPolicy => ({ capacity: p.capacity * scale, refillPerSecond: p.refillPerSecond * scale });

/** What one bucket says after a request: its policy and what is left of it (the RateLimit fields' q, w, r and t). */
export interface BucketState {
  kind: LimitKind;
  policy: RateLimitPolicy;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

/** rate_limited, carrying the buckets measured up to the empty one (for the RateLimit fields of the 429). */
export class RateLimitedError extends CimError {
  readonly buckets: readonly BucketState[];

  constructor(buckets: readonly BucketState[], retryAfter: number) {
    super('rate_limited', 'Too many requests; try again shortly.', { retryAfter: Math.max(1, Math.ceil(retryAfter)) });
    this.buckets = buckets;
  }
}

/**
 * Token buckets kept in the database (one atomic upsert per check), so every CIM
 * instance on one database enforces the same limits: a load balancer spreading an
 * attack over several instances does not multiply the budget.
 */
export class RateLimits {
  readonly #store: Pick<Stores, 'rateLimits'>;
  readonly #clock: Clock;
  readonly #scale: number;

  constructor(deps: { store: Pick<Stores, 'rateLimits'>; clock: Clock }, scale = 1) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#scale = scale;
  }

  policy(kind: LimitKind): RateLimitPolicy {
    return scaled(LIMITS[kind], this.#scale);
  }

  /** Takes a token from `kind`'s bucket for `subject`: 0 when allowed, otherwise the seconds until one is back. */
  async take(kind: LimitKind, subject: string): Promise<number> {
    return (await this.#measure(kind, subject)).wait;
  }

  async #measure(kind: LimitKind, subject: string): Promise<BucketState & { wait: number }> {
    const policy = this.policy(kind);
    const { allowed, tokens } = await this.#store.rateLimits.take(`${kind}:${subject}`, policy, this.#clock.now().getTime());
    return {
      kind,
      policy,
      remaining: Math.max(0, Math.floor(tokens)),
      resetSeconds: Math.max(0, Math.ceil((policy.capacity - tokens) / policy.refillPerSecond)),
      wait: allowed ? 0 : (1 - tokens) / policy.refillPerSecond,
    };
  }

  /** Takes from every bucket in turn; throws RateLimitedError (with Retry-After) at the first that is empty. */
  async check(...checks: Array<[LimitKind, string]>): Promise<BucketState[]> {
    const buckets: BucketState[] = [];
    for (const [kind, subject] of checks) {
      const { wait, ...bucket } = await this.#measure(kind, subject);
      buckets.push(bucket);
      if (wait > 0) throw new RateLimitedError(buckets, wait);
    }
    return buckets;
  }

  /** Any widget API call from an address, before the session is known. */
  address(address: string | null): Promise<BucketState[]> {
    return this.check(['addressRequests', address ?? 'unknown']);
  }

  session(sessionId: string): Promise<BucketState[]> {
    return this.check(['sessionRequests', sessionId]);
  }

  /** A card save: per address, per merchant and per card number (its keyed fingerprint, hex). */
  cardSave(address: string | null, merchantId: string, cardFingerprint: string | null): Promise<BucketState[]> {
    return this.check(
      ['addressCardSaves', address ?? 'unknown'],
      ['merchantCardSaves', merchantId],
      ...(cardFingerprint === null ? [] : [['cardNumberSaves', `${merchantId}:${cardFingerprint}`] as [LimitKind, string]]),
    );
  }

  sessionCreate(merchantId: string): Promise<BucketState[]> {
    return this.check(['merchantSessions', merchantId]);
  }

  /** Maintenance: drops buckets idle long enough to be full again (the slowest refills in a day). */
  prune(): Promise<number> {
    return this.#store.rateLimits.deleteIdle(this.#clock.now().getTime() - 86_400_000);
  }
}
