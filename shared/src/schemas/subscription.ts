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

/** GET /v1/subscriptions */
export const SubscriptionListQuery = z.object({ status: z.enum(SUBSCRIPTION_STATUSES).optional(), customerProfileId: z.string().optional() }).strict();

export const SubscriptionOccurrenceView = z.strictObject({
  occurrence: z.number().int(),
  dueDate: z.string(),
  amount: z.string(),
  transactionId: z.string().nullable(),
});
export type SubscriptionOccurrenceView = z.infer<typeof SubscriptionOccurrenceView>;

export const SubscriptionView = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  amount: z.string(),
  trialAmount: z.string(),
  currency: z.string(),
  interval: z.strictObject({ length: z.number().int(), unit: z.enum(['days', 'months']) }),
  startDate: z.string(),
  totalOccurrences: z.number().int(),
  trialOccurrences: z.number().int(),
  customerProfileId: z.string(),
  paymentProfileId: z.string(),
  shippingAddressId: z.string().nullable(),
  orderId: z.string().nullable(),
  description: z.string().nullable(),
  /** The date of the next charge; null once none is left (or the subscription is not active). */
  nextBillingDate: z.string().nullable().describe('The date of the next charge; null once none is left (or the subscription is not active)'),
  occurrences: z.array(SubscriptionOccurrenceView),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionView = z.infer<typeof SubscriptionView>;
