import type { SubscriptionCreate, SubscriptionUpdate } from '@cim/shared';
import { NotFoundError } from '../../errors.ts';
import { SubscriptionRuleError, type SubscriptionRule } from '../../domain/subscriptions.ts';
import { AnetError, requiredError, type AnetCode } from './messages.ts';
import { child, int, numericId, oneOf, text, type Json } from './parse.ts';

/** ARB's codes for the schedule rules the domain enforces. */
const RULE_CODES: Record<SubscriptionRule, AnetCode> = {
  start_in_past: 'E00017',
  interval: 'E00022',
  trial_amount_without_occurrences: 'E00024',
  trial_incomplete: 'E00026',
  trial_not_below_total: 'E00028',
  not_updatable: 'E00037',
  not_cancelable: 'E00038',
  start_fixed: 'E00033',
  total_below_charged: 'E00013',
};

/** A subscription failure in ARB's words: E00035 for an unknown subscription (another merchant's included). */
export function arbError(error: unknown): unknown {
  if (error instanceof SubscriptionRuleError) return new AnetError(RULE_CODES[error.rule], error.rule === 'total_below_charged' ? 'Total Occurrences is invalid.' : undefined);
  if (error instanceof NotFoundError && error.message.startsWith('Subscription')) return new AnetError('E00035');
  return error;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function startDate(schedule: Json | undefined): string | undefined {
  const value = text(schedule, 'startDate', 30);
  if (value === undefined) return undefined;
  // xs:date, optionally with a time part the SDKs sometimes add.
  const date = value.slice(0, 10);
  if (!DATE.test(date)) throw new AnetError('E00013', 'Start Date is invalid.');
  return date;
}

/** The schedule and amounts of ARBSubscriptionType, for a new subscription on a stored profile. */
export function readNewSchedule(sub: Json): Omit<SubscriptionCreate, 'customerProfileId' | 'paymentProfileId' | 'shippingAddressId'> {
  const schedule = child(sub, 'paymentSchedule');
  if (!schedule) throw new AnetError('E00030');
  const interval = child(schedule, 'interval');
  if (!interval) throw requiredError('Interval');
  const length = int(interval, 'length', 1, 32000);
  if (length === undefined) throw requiredError('Interval Length');
  const unit = oneOf(interval, 'unit', ['days', 'months'] as const);
  if (!unit) throw requiredError('Interval Unit');
  const start = startDate(schedule);
  if (!start) throw new AnetError('E00032');
  const totalOccurrences = int(schedule, 'totalOccurrences', 1, 32000);
  if (totalOccurrences === undefined) throw requiredError('Total Occurrences');
  if (totalOccurrences > 9999) throw new AnetError('E00013', 'Total Occurrences is invalid.');
  const trialOccurrences = int(schedule, 'trialOccurrences', 0, 32000);
  const amount = text(sub, 'amount', 32);
  if (amount === undefined) throw new AnetError('E00031');
  const trialAmount = text(sub, 'trialAmount', 32);
  const order = child(sub, 'order');
  const name = text(sub, 'name', 50);
  const orderId = text(order, 'invoiceNumber', 20);
  const description = text(order, 'description', 255);
  return {
    ...(name !== undefined && { name }),
    amount,
    interval: { length, unit },
    startDate: start,
    totalOccurrences,
    ...(trialOccurrences !== undefined && trialOccurrences > 0 && { trialOccurrences }),
    ...(trialAmount !== undefined && { trialAmount }),
    ...(orderId !== undefined && { orderId }),
    ...(description !== undefined && { description }),
  };
}

/** ARBUpdateSubscriptionRequest's subscription: only what is sent changes; the interval never does (E00034). */
export function readScheduleUpdate(sub: Json): SubscriptionUpdate {
  const schedule = child(sub, 'paymentSchedule');
  if (child(schedule, 'interval')) throw new AnetError('E00034');
  const start = startDate(schedule);
  const totalOccurrences = int(schedule, 'totalOccurrences', 1, 9999);
  const trialOccurrences = int(schedule, 'trialOccurrences', 0, 99);
  const name = text(sub, 'name', 50);
  const amount = text(sub, 'amount', 32);
  const trialAmount = text(sub, 'trialAmount', 32);
  const order = child(sub, 'order');
  const orderId = text(order, 'invoiceNumber', 20);
  const description = text(order, 'description', 255);
  const profile = child(sub, 'profile');
  const paymentProfileId = numericId(profile, 'customerPaymentProfileId');
  const shippingAddressId = numericId(profile, 'customerAddressId');
  return {
    ...(name !== undefined && { name }),
    ...(amount !== undefined && { amount }),
    ...(trialAmount !== undefined && { trialAmount }),
    ...(start !== undefined && { startDate: start }),
    ...(totalOccurrences !== undefined && { totalOccurrences }),
    ...(trialOccurrences !== undefined && { trialOccurrences }),
    ...(paymentProfileId !== undefined && { paymentProfileId }),
    ...(shippingAddressId !== undefined && { shippingAddressId }),
    ...(orderId !== undefined && { orderId }),
    ...(description !== undefined && { description }),
  };
}
