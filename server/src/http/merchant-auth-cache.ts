import type { MerchantRecord } from '../store/types.ts';

/** How long a secret key's merchant is reused without asking the store again. */
export const MERCHANT_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Secret-key hash → merchant, for a few seconds. Every REST call authenticates,
 * and at checkout rates one store read per call is a measurable share of the
 * request. A rotated or revoked key is therefore refused within
 * MERCHANT_CACHE_MS by a running server (SECURITY.md says so). Only hits are kept: an unknown key always reaches the
 * store (and the audit log), and a merchant created a moment ago is found at once.
 */
export class MerchantAuthCache {
  readonly #entries = new Map<string, { merchant: MerchantRecord; until: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async get(hash: string, load: (hash: string) => Promise<MerchantRecord | null>): Promise<MerchantRecord | null> {
    const now = this.#now();
    const hit = this.#entries.get(hash);
    if (hit && hit.until > now) return hit.merchant;
    const merchant = await load(hash);
    if (merchant) {
      // A simple bound: thousands of merchants' keys in five seconds means starting over.
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(hash, { merchant, until: now + MERCHANT_CACHE_MS });
    } else {
      this.#entries.delete(hash);
    }
    return merchant;
  }
}
