import type { BucketState } from '../domain/rate-limit.ts';
import type { DomainContext } from '../domain/context.ts';
import type { MerchantRecord, StaffRecord, StaffSessionRecord } from '../store/types.ts';

/** Typed Hono variables set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    clientAddress: string | null;
    merchant: MerchantRecord;
    /** Domain context for the authenticated merchant. */
    domain: DomainContext;
    /** Console requests: the signed-in staff member and their session cookie value. */
    staff: StaffRecord;
    staffToken: string;
    staffSession: StaffSessionRecord;
    /** The rate-limit buckets this request took from (http/rate-limit-headers.ts). */
    rateLimits: BucketState[];
  };
}
