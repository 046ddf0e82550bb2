import type { Context } from 'hono';
import { RateLimitedError, type BucketState } from '../domain/rate-limit.ts';

/**
 * The RateLimit and RateLimit-Policy fields of draft-ietf-httpapi-ratelimit-headers-10
 * (structured-field lists, one item per bucket the request took from):
 *   RateLimit-Policy: "sessionRequests";q=60;w=60      a bucket of q requests refilled over w seconds
 *   RateLimit: "sessionRequests";r=57;t=3              r requests left now, full again in t seconds
 * The numbers come from the database-kept buckets (domain/rate-limit.ts), so they hold across instances.
 */
const policyItem = (b: BucketState) => `"${b.kind}";q=${Math.max(1, Math.round(b.policy.capacity))};w=${Math.max(1, Math.round(b.policy.capacity / b.policy.refillPerSecond))}`;
const limitItem = (b: BucketState) => `"${b.kind}";r=${b.remaining};t=${b.resetSeconds}`;

/** Runs a limit check and puts what it measured in the response's fields, on a 429 as well. */
export async function limited(c: Context, check: Promise<BucketState[]>): Promise<void> {
  try {
    note(c, await check);
  } catch (error) {
    if (error instanceof RateLimitedError) note(c, error.buckets);
    throw error;
  }
}

function note(c: Context, buckets: readonly BucketState[]) {
  const all = [...((c.get('rateLimits') as BucketState[] | undefined) ?? []), ...buckets];
  c.set('rateLimits', all);
  c.header('RateLimit-Policy', all.map(policyItem).join(', '));
  c.header('RateLimit', all.map(limitItem).join(', '));
}
