import { z } from 'zod';

const Amount = z.string({ error: 'amount must be a decimal string such as "12.34"' }).max(32);
const Id = z.string().regex(/^\d{1,19}$/, 'must be a numeric id');
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const SUBSCRIPTION_STATUSES = ['active', 'expired', 'suspended', 'canceled', 'terminated'] as const;

/** POST /v1/subscriptions: bill a stored payment profile on a schedule (Authorize.Net ARB on profiles). */
export const SubscriptionCreate = z
  .object({
    name: z.string().max(50).optional(),
    customerProfileId: Id,
    paymentProfileId: Id,
    shippingAddressId: Id.optional(),
    amount: Amount,
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    /** 7–365 days or 1–12 months. */
    interval: z.object({ length: z.number().int(), unit: z.enum(['days', 'months']) }).strict(),
    startDate: DateOnly,
    /** 1–9999; 9999 (the default) bills until canceled. */
    totalOccurrences: z.number().int().min(1).max(9999).optional(),
    trialOccurrences: z.number().int().min(0).max(99).optional(),
    trialAmount: Amount.optional(),
    orderId: z.string().max(20).optional(),
    description: z.string().max(255).optional(),
  })
  .strict();
export type SubscriptionCreate = z.infer<typeof SubscriptionCreate>;

/** PATCH /v1/subscriptions/:id: what may change on a running subscription (not its interval). */
export const SubscriptionUpdate = z
  .object({
    name: z.string().max(50).optional(),
    amount: Amount.optional(),
    trialAmount: Amount.optional(),
    totalOccurrences: z.number().int().min(1).max(9999).optional(),
    trialOccurrences: z.number().int().min(0).max(99).optional(),
    /** Only before the first occurrence has been charged. */
    startDate: DateOnly.optional(),
    paymentProfileId: Id.optional(),
    shippingAddressId: Id.nullable().optional(),
    orderId: z.string().max(20).optional(),
    description: z.string().max(255).optional(),
  })
  .strict();
export type SubscriptionUpdate = z.infer<typeof SubscriptionUpdate>;

export interface SubscriptionOccurrenceView {
  occurrence: number;
  dueDate: string;
  amount: string;
  transactionId: string | null;
}

export interface SubscriptionView {
  id: string;
  name: string | null;
  status: (typeof SUBSCRIPTION_STATUSES)[number];
  amount: string;
  trialAmount: string;
  currency: string;
  interval: { length: number; unit: 'days' | 'months' };
  startDate: string;
  totalOccurrences: number;
  trialOccurrences: number;
  customerProfileId: string;
  paymentProfileId: string;
  shippingAddressId: string | null;
  orderId: string | null;
  description: string | null;
  /** The date of the next charge; null once none is left (or the subscription is not active). */
  nextBillingDate: string | null;
  occurrences: SubscriptionOccurrenceView[];
  createdAt: string;
  updatedAt: string;
}
