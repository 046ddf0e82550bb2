import type { SubscriptionCreate, SubscriptionUpdate, SubscriptionView } from '@cim/shared';
import { CimError, NotFoundError } from '../errors.ts';
import { isRecordId, newNumericId } from '../ids.ts';
import type { SubscriptionRecord } from '../store/types.ts';
import type { DomainContext } from './context.ts';
import { requireCustomer } from './customers.ts';
import { isProvisional } from './provisional-cards.ts';
import { formatAmount, parseAmount } from './money.ts';
import { ONGOING, occurrenceDate, utcDate } from './subscription-schedule.ts';

/** Why a schedule is refused; the Authorize.Net API answers each with its own code (E00017, E00022…). */
export type SubscriptionRule = 'start_in_past' | 'interval' | 'trial_amount_without_occurrences' | 'trial_incomplete' | 'trial_not_below_total' | 'not_updatable' | 'not_cancelable' | 'start_fixed' | 'total_below_charged';

export class SubscriptionRuleError extends CimError {
  readonly rule: SubscriptionRule;
  constructor(rule: SubscriptionRule, message: string, field?: string) {
    super(rule === 'not_updatable' || rule === 'not_cancelable' ? 'conflict' : 'invalid_request', message, field ? { field } : {});
    this.rule = rule;
  }
}

/** Subscriptions that ended (or were ended) cannot change. */
const FINAL: ReadonlySet<SubscriptionRecord['status']> = new Set(['expired', 'canceled', 'terminated']);

export async function requireSubscription(ctx: DomainContext, id: string): Promise<SubscriptionRecord> {
  const s = isRecordId(id) ? await ctx.store.subscriptions.get(ctx.merchantId, id) : null;
  if (!s) throw new NotFoundError('Subscription');
  return s;
}

async function assertBillable(ctx: DomainContext, customerId: string, paymentProfileId: string, shippingAddressId: string | null | undefined) {
  await requireCustomer(ctx, ctx.store, customerId);
  const profile = await ctx.store.paymentProfiles.get(ctx.merchantId, customerId, paymentProfileId);
  if (!profile) throw new NotFoundError('Payment profile');
  // A card typed at checkout is deleted if its charge is declined: no schedule may rest on a card that can still vanish.
  if (isProvisional(profile)) {
    throw new CimError('payment_profile_provisional', 'This payment profile was entered at checkout and is provisional: it can be billed on a schedule once an approved charge or authorisation has used it.', { field: 'paymentProfileId' });
  }
  if (shippingAddressId && !(await ctx.store.shippingAddresses.get(ctx.merchantId, customerId, shippingAddressId))) throw new NotFoundError('Shipping address');
}

function checkSchedule(s: Pick<SubscriptionRecord, 'intervalLength' | 'intervalUnit' | 'totalOccurrences' | 'trialOccurrences'>, trialAmountGiven: boolean) {
  const { intervalLength: length, intervalUnit: unit } = s;
  if (unit === 'days' ? length < 7 || length > 365 : length < 1 || length > 12) {
    throw new SubscriptionRuleError('interval', 'The interval must be 7 to 365 days or 1 to 12 months.', 'interval.length');
  }
  if (trialAmountGiven && s.trialOccurrences === 0) throw new SubscriptionRuleError('trial_amount_without_occurrences', 'trialOccurrences is required when trialAmount is given.', 'trialOccurrences');
  if (!trialAmountGiven && s.trialOccurrences > 0) throw new SubscriptionRuleError('trial_incomplete', 'trialAmount and trialOccurrences go together.', 'trialAmount');
  if (s.trialOccurrences > 0 && s.totalOccurrences !== ONGOING && s.trialOccurrences >= s.totalOccurrences) {
    throw new SubscriptionRuleError('trial_not_below_total', 'trialOccurrences must be less than totalOccurrences.', 'trialOccurrences');
  }
}

export async function subscriptionView(ctx: DomainContext, s: SubscriptionRecord): Promise<SubscriptionView> {
  const occurrences = await ctx.store.subscriptions.listOccurrences(ctx.merchantId, s.id);
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    amount: formatAmount(s.amountMinor, s.currency),
    trialAmount: formatAmount(s.trialAmountMinor, s.currency),
    currency: s.currency,
    interval: { length: s.intervalLength, unit: s.intervalUnit },
    startDate: s.startDate,
    totalOccurrences: s.totalOccurrences,
    trialOccurrences: s.trialOccurrences,
    customerProfileId: s.customerId,
    paymentProfileId: s.paymentProfileId,
    shippingAddressId: s.shippingAddressId,
    orderId: s.orderId,
    description: s.description,
    nextBillingDate: s.status === 'active' ? s.nextDueDate : null,
    occurrences: occurrences.map((o) => ({ occurrence: o.occurrence, dueDate: o.dueDate, amount: formatAmount(o.amountMinor, s.currency), transactionId: o.transactionId })),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export type SubscriptionProfile = Pick<SubscriptionCreate, 'customerProfileId' | 'paymentProfileId' | 'shippingAddressId'>;

/**
 * Creates a subscription on a stored payment profile. The first charge happens
 * on the start date, by the scheduler. `profile` may be a function that makes the
 * profile (ARB with a card): it runs only once the schedule is known to be valid.
 */
export async function createSubscription(
  ctx: DomainContext,
  input: Omit<SubscriptionCreate, keyof SubscriptionProfile> & Partial<SubscriptionProfile>,
  makeProfile?: () => Promise<SubscriptionProfile>,
): Promise<SubscriptionRecord> {
  const currency = input.currency ?? 'USD';
  const now = ctx.clock.now();
  const record: SubscriptionRecord = {
    id: newNumericId(),
    merchantId: ctx.merchantId,
    name: input.name ?? null,
    status: 'active',
    intervalLength: input.interval.length,
    intervalUnit: input.interval.unit,
    startDate: input.startDate,
    totalOccurrences: input.totalOccurrences ?? ONGOING,
    trialOccurrences: input.trialOccurrences ?? 0,
    amountMinor: parseAmount(input.amount, currency),
    trialAmountMinor: input.trialAmount !== undefined ? parseAmount(input.trialAmount, currency, { allowZero: true }) : 0,
    currency,
    customerId: input.customerProfileId ?? '',
    paymentProfileId: input.paymentProfileId ?? '',
    shippingAddressId: input.shippingAddressId ?? null,
    orderId: input.orderId ?? null,
    description: input.description ?? null,
    nextOccurrence: 1,
    nextDueDate: input.startDate,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (Number.isNaN(Date.parse(`${input.startDate}T00:00:00Z`)) || occurrenceDate(record, 1) !== input.startDate) throw new CimError('invalid_request', 'startDate is not a calendar date.', { field: 'startDate' });
  if (input.startDate < utcDate(now)) throw new SubscriptionRuleError('start_in_past', 'The start date cannot be in the past.', 'startDate');
  checkSchedule(record, input.trialAmount !== undefined);
  if (makeProfile) {
    const made = await makeProfile();
    Object.assign(record, { customerId: made.customerProfileId, paymentProfileId: made.paymentProfileId, shippingAddressId: made.shippingAddressId ?? null });
  }
  await assertBillable(ctx, record.customerId, record.paymentProfileId, record.shippingAddressId);
  await ctx.store.subscriptions.insert(record);
  return record;
}

/** Changes a running subscription; its interval never changes, its start date only before the first charge. */
export async function updateSubscription(ctx: DomainContext, id: string, patch: SubscriptionUpdate): Promise<SubscriptionRecord> {
  const s = await requireSubscription(ctx, id);
  if (FINAL.has(s.status)) throw new SubscriptionRuleError('not_updatable', `A ${s.status} subscription cannot be updated.`);
  const charged = s.nextOccurrence - 1;
  if (patch.startDate !== undefined && patch.startDate !== s.startDate) {
    if (charged > 0) throw new SubscriptionRuleError('start_fixed', 'The start date cannot be changed once a payment was made.', 'startDate');
    if (patch.startDate < utcDate(ctx.clock.now())) throw new SubscriptionRuleError('start_in_past', 'The start date cannot be in the past.', 'startDate');
  }
  const next: SubscriptionRecord = {
    ...s,
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.amount !== undefined && { amountMinor: parseAmount(patch.amount, s.currency) }),
    ...(patch.trialAmount !== undefined && { trialAmountMinor: parseAmount(patch.trialAmount, s.currency, { allowZero: true }) }),
    ...(patch.totalOccurrences !== undefined && { totalOccurrences: patch.totalOccurrences }),
    ...(patch.trialOccurrences !== undefined && { trialOccurrences: patch.trialOccurrences }),
    ...(patch.startDate !== undefined && { startDate: patch.startDate }),
    ...(patch.paymentProfileId !== undefined && { paymentProfileId: patch.paymentProfileId }),
    ...(patch.shippingAddressId !== undefined && { shippingAddressId: patch.shippingAddressId }),
    ...(patch.orderId !== undefined && { orderId: patch.orderId }),
    ...(patch.description !== undefined && { description: patch.description }),
    updatedAt: ctx.clock.now().toISOString(),
  };
  if (next.totalOccurrences !== ONGOING && next.totalOccurrences < charged) throw new SubscriptionRuleError('total_below_charged', 'totalOccurrences cannot be less than the payments already made.', 'totalOccurrences');
  checkSchedule(next, next.trialOccurrences > 0 || patch.trialAmount !== undefined);
  if (patch.paymentProfileId !== undefined || patch.shippingAddressId !== undefined) await assertBillable(ctx, next.customerId, next.paymentProfileId, next.shippingAddressId);
  // The schedule's next date follows a new start date or a new end.
  const nextDueDate = next.totalOccurrences !== ONGOING && next.nextOccurrence > next.totalOccurrences ? null : occurrenceDate(next, next.nextOccurrence);
  return ctx.store.subscriptions.update(ctx.merchantId, id, { ...next, nextDueDate, status: nextDueDate === null ? 'expired' : next.status });
}

/** Cancels: no further charges. Canceling a canceled subscription is harmless; an expired or terminated one cannot be. */
export async function cancelSubscription(ctx: DomainContext, id: string): Promise<{ subscription: SubscriptionRecord; alreadyCanceled: boolean }> {
  const s = await requireSubscription(ctx, id);
  if (s.status === 'canceled') return { subscription: s, alreadyCanceled: true };
  if (s.status === 'expired' || s.status === 'terminated') throw new SubscriptionRuleError('not_cancelable', `A ${s.status} subscription cannot be canceled.`);
  return { subscription: await ctx.store.subscriptions.update(ctx.merchantId, id, { status: 'canceled', updatedAt: ctx.clock.now().toISOString() }), alreadyCanceled: false };
}
