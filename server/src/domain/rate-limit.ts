import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';

export interface BucketPolicy {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Requests regained per second. */
  refillPerSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-memory token buckets, one per key. Each process limits on its own; that is
 * enough for one CIM server and keeps a rate check off the database.
 */
export class TokenBuckets {
  readonly #policy: BucketPolicy;
  readonly #clock: Clock;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(policy: BucketPolicy, clock: Clock, maxKeys = 100_000) {
    this.#policy = policy;
    this.#clock = clock;
    this.#maxKeys = maxKeys;
  }

  #refilled(bucket: Bucket, now: number): number {
    // A clock that steps backwards refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.#policy.capacity, bucket.tokens + (elapsed / 1000) * this.#policy.refillPerSecond);
  }

  /** Takes one token for `key`: 0 when allowed, otherwise the seconds until one is available. */
  take(key: string): number {
    const now = this.#clock.now().getTime();
    const bucket = this.#buckets.get(key);
    const tokens = bucket ? this.#refilled(bucket, now) : this.#policy.capacity;
    if (tokens < 1) return (1 - tokens) / this.#policy.refillPerSecond;
    if (!bucket && this.#buckets.size >= this.#maxKeys) this.#sweep(now);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  /** Full buckets carry no information: drop them (oldest first if that is not enough). */
  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (this.#refilled(bucket, now) >= this.#policy.capacity) this.#buckets.delete(key);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxKeys) break;
      this.#buckets.delete(key);
    }
  }
}

/** The widget API's limits (documented in docs/tokens.md), before CIM_WIDGET_RATE_LIMIT_SCALE. */
export const WIDGET_LIMITS = {
  /** Every widget API call of one session. */
  sessionRequests: { capacity: 60, refillPerSecond: 1 },
  /** Every widget API call from one client address. */
  addressRequests: { capacity: 300, refillPerSecond: 5 },
  /** Card saves from one client address: card testers reuse addresses across sessions. */
  addressCardSaves: { capacity: 20, refillPerSecond: 1 / 30 },
  /** Card saves across all of one merchant's sessions. */
  merchantCardSaves: { capacity: 600, refillPerSecond: 20 },
} as const satisfies Record<string, BucketPolicy>;

/** At most this many cards saved per session, whatever the rate (counted in the database). */
export const SESSION_CARD_SAVES = 10;

const scaled = (p: BucketPolicy, scale: number): BucketPolicy => ({ capacity: p.capacity * scale, refillPerSecond: p.refillPerSecond * scale });

/** The widget API's rate limits: per session, per client address and per merchant. */
export class WidgetRateLimits {
  readonly #buckets: { [K in keyof typeof WIDGET_LIMITS]: TokenBuckets };

  constructor(clock: Clock, scale = 1) {
    this.#buckets = {
      sessionRequests: new TokenBuckets(scaled(WIDGET_LIMITS.sessionRequests, scale), clock),
      addressRequests: new TokenBuckets(scaled(WIDGET_LIMITS.addressRequests, scale), clock),
      addressCardSaves: new TokenBuckets(scaled(WIDGET_LIMITS.addressCardSaves, scale), clock),
      merchantCardSaves: new TokenBuckets(scaled(WIDGET_LIMITS.merchantCardSaves, scale), clock),
    };
  }

  #check(checks: Array<[keyof typeof WIDGET_LIMITS, string]>): void {
    for (const [kind, key] of checks) {
      const wait = this.#buckets[kind].take(key);
      if (wait > 0) throw new CimError('rate_limited', 'Too many requests; try again shortly.', { retryAfter: Math.ceil(wait) });
    }
  }

  /** Any widget API call from an address, before the session is known. */
  address(address: string | null): void {
    this.#check([['addressRequests', address ?? 'unknown']]);
  }

  session(sessionId: string): void {
    this.#check([['sessionRequests', sessionId]]);
  }

  cardSave(address: string | null, merchantId: string): void {
    this.#check([
      ['addressCardSaves', address ?? 'unknown'],
      ['merchantCardSaves', merchantId],
    ]);
  }
}
