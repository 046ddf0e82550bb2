import { createProfileWithChildren } from '../../domain/customer-profiles.ts';
import { readCustomerProfile } from '../../domain/customers.ts';
import { formatAmount } from '../../domain/money.ts';
import { cancelSubscription, createSubscription, requireSubscription, updateSubscription, type SubscriptionProfile } from '../../domain/subscriptions.ts';
import { occurrenceDate } from '../../domain/subscription-schedule.ts';
import type { SubscriptionRecord } from '../../store/types.ts';
import { readAddress, writeShippingAddress } from './address.ts';
import { arbError, readNewSchedule, readScheduleUpdate } from './arb-input.ts';
import { INFO } from './envelope.ts';
import { AnetError, requiredError } from './messages.ts';
import type { AnetCall, AnetHandler } from './operation.ts';
import { bool, child, int, numericId, oneOf, requiredId, text, type Json } from './parse.ts';
import { readNewPaymentProfile } from './profile-input.ts';
import { paymentProfileMasked } from './views.ts';

/** Runs an ARB operation, answering subscription failures with ARB's codes. */
const arb =
  (fn: AnetHandler): AnetHandler =>
  async (call) => {
    try {
      return await fn(call);
    } catch (error) {
      throw arbError(error);
    }
  };

const subscriptionId = (call: AnetCall) => requiredId(call.request, 'subscriptionId', 'Subscription ID');

/** ARB with a card: the card (and addresses) become a new customer profile, as Authorize.Net does, once the schedule is valid. */
function profileFromCard(call: AnetCall, sub: Json, name: string | undefined): () => Promise<SubscriptionProfile> {
  const payment = child(sub, 'payment');
  if (!payment) throw new AnetError('E00029');
  const paymentProfile = readNewPaymentProfile({ billTo: child(sub, 'billTo'), payment, customerType: text(child(sub, 'customer'), 'type') });
  const customer = child(sub, 'customer');
  const merchantCustomerId = text(customer, 'id', 20);
  const email = text(customer, 'email', 255);
  const shipTo = child(sub, 'shipTo');
  return async () => {
    const created = await createProfileWithChildren(
      call.ctx,
      { ...(merchantCustomerId && { merchantCustomerId }), ...(email && { email }), ...(!merchantCustomerId && !email && { description: name ?? 'Subscription' }) },
      'regular',
      [{ ...paymentProfile, isDefault: true }],
      shipTo ? [readAddress(shipTo)] : [],
    );
    return { customerProfileId: created.customer.id, paymentProfileId: created.paymentProfileIds[0]!, ...(created.shippingAddressIds[0] && { shippingAddressId: created.shippingAddressIds[0] }) };
  };
}

const profileIds = (s: SubscriptionRecord): Json => ({
  customerProfileId: s.customerId,
  customerPaymentProfileId: s.paymentProfileId,
  ...(s.shippingAddressId !== null && { customerAddressId: s.shippingAddressId }),
});

export const arbCreateSubscription: AnetHandler = arb(async (call) => {
  const sub = child(call.request, 'subscription');
  if (!sub) throw requiredError('Subscription');
  const schedule = readNewSchedule(sub);
  const profile = child(sub, 'profile');
  const customerProfileId = numericId(profile, 'customerProfileId');
  let created: SubscriptionRecord;
  if (customerProfileId !== undefined) {
    const paymentProfileId = numericId(profile, 'customerPaymentProfileId');
    if (paymentProfileId === undefined) throw requiredError('Customer Payment Profile ID');
    const shippingAddressId = numericId(profile, 'customerAddressId');
    created = await createSubscription(call.ctx, { ...schedule, customerProfileId, paymentProfileId, ...(shippingAddressId !== undefined && { shippingAddressId }) });
  } else {
    created = await createSubscription(call.ctx, schedule, profileFromCard(call, sub, schedule.name));
  }
  return { subscriptionId: created.id, profile: profileIds(created) };
});

/** ARBSubscriptionMaskedType: the schedule, amounts, status and the profile it bills, masked. */
async function maskedSubscription(call: AnetCall, s: SubscriptionRecord, includeTransactions: boolean): Promise<Json> {
  const { view } = await readCustomerProfile(call.ctx, s.customerId).catch(() => ({ view: null }));
  const paymentProfile = view?.paymentProfiles?.find((p) => p.id === s.paymentProfileId);
  const shipping = view?.shippingAddresses?.find((a) => a.id === s.shippingAddressId);
  const arbTransactions = includeTransactions ? await transactionsOf(call, s) : undefined;
  return {
    ...(s.name !== null && { name: s.name }),
    paymentSchedule: { interval: { length: s.intervalLength, unit: s.intervalUnit }, startDate: s.startDate, totalOccurrences: s.totalOccurrences, trialOccurrences: s.trialOccurrences },
    amount: formatAmount(s.amountMinor, s.currency),
    trialAmount: formatAmount(s.trialAmountMinor, s.currency),
    status: s.status,
    profile: {
      ...(view?.merchantCustomerId && { merchantCustomerId: view.merchantCustomerId }),
      ...(view?.description && { description: view.description }),
      ...(view?.email && { email: view.email }),
      customerProfileId: s.customerId,
      ...(paymentProfile && { paymentProfile: paymentProfileMasked(paymentProfile) }),
      ...(shipping && { shippingProfile: writeShippingAddress(shipping) }),
    },
    ...(s.orderId !== null || s.description !== null ? { order: { ...(s.orderId !== null && { invoiceNumber: s.orderId }), ...(s.description !== null && { description: s.description }) } } : {}),
    ...(arbTransactions && { arbTransactions }),
  };
}

/** arbTransaction: each charged occurrence with its transaction's answer. */
async function transactionsOf(call: AnetCall, s: SubscriptionRecord): Promise<Json[]> {
  const occurrences = await call.ctx.store.subscriptions.listOccurrences(call.merchant.id, s.id);
  const out: Json[] = [];
  for (const o of occurrences) {
    const t = o.transactionId !== null ? await call.ctx.store.transactions.get(call.merchant.id, o.transactionId) : null;
    out.push({ ...(t && { transId: t.id, response: t.reasonText ?? '', submitTimeUTC: t.createdAt }), payNum: o.occurrence, attemptNum: 1 });
  }
  return out;
}

export const arbGetSubscription: AnetHandler = arb(async (call) => {
  const s = await requireSubscription(call.ctx, subscriptionId(call));
  return { subscription: await maskedSubscription(call, s, bool(call.request, 'includeTransactions') ?? false) };
});

export const arbGetSubscriptionStatus: AnetHandler = arb(async (call) => ({ status: (await requireSubscription(call.ctx, subscriptionId(call))).status }));

export const arbUpdateSubscription: AnetHandler = arb(async (call) => {
  const sub = child(call.request, 'subscription');
  if (!sub) throw requiredError('Subscription');
  const updated = await updateSubscription(call.ctx, subscriptionId(call), readScheduleUpdate(sub));
  return { profile: profileIds(updated) };
});

export const arbCancelSubscription: AnetHandler = arb(async (call) => {
  const { alreadyCanceled } = await cancelSubscription(call.ctx, subscriptionId(call));
  return alreadyCanceled ? { [INFO]: 'I00002' } : {};
});

const SEARCH_TYPES = ['cardExpiringThisMonth', 'subscriptionActive', 'subscriptionExpiringThisMonth', 'subscriptionInactive'] as const;
const ORDER_BY = ['id', 'name', 'status', 'createTimeStampUTC', 'lastName', 'firstName', 'accountNumber', 'amountChargedSoFar', 'pastOccurrences'] as const;

export const arbGetSubscriptionList: AnetHandler = arb(async (call) => {
  const searchType = oneOf(call.request, 'searchType', SEARCH_TYPES);
  if (!searchType) throw requiredError('Search Type');
  const sorting = child(call.request, 'sorting');
  const orderBy = oneOf(sorting, 'orderBy', ORDER_BY) ?? 'id';
  const descending = bool(sorting, 'orderDescending') ?? false;
  const paging = child(call.request, 'paging');
  const limit = int(paging, 'limit', 1, 1000) ?? 1000;
  const offset = int(paging, 'offset', 1, 100000) ?? 1;
  const now = call.ctx.clock.now();
  const month = now.toISOString().slice(0, 7);
  const all = await call.ctx.store.subscriptions.listForMerchant(call.merchant.id);
  const details: Json[] = [];
  for (const s of all) {
    const pp = await call.ctx.store.paymentProfiles.get(call.merchant.id, s.customerId, s.paymentProfileId);
    const past = (await call.ctx.store.subscriptions.listOccurrences(call.merchant.id, s.id)).filter((o) => o.transactionId !== null);
    const lastDate = s.totalOccurrences >= 9999 ? null : occurrenceDate(s, s.totalOccurrences);
    const matches =
      searchType === 'subscriptionActive' ? s.status === 'active' || s.status === 'suspended'
      : searchType === 'subscriptionInactive' ? s.status === 'canceled' || s.status === 'expired' || s.status === 'terminated'
      : searchType === 'subscriptionExpiringThisMonth' ? s.status === 'active' && lastDate?.slice(0, 7) === month
      : s.status === 'active' && pp?.expiryTag != null && (await expiryTagOf(call, month)).equals(Buffer.from(pp.expiryTag));
    if (!matches) continue;
    const charged = past.reduce((sum, o) => sum + o.amountMinor, 0);
    details.push({
      id: s.id,
      name: s.name ?? '',
      status: s.status,
      createTimeStampUTC: s.createdAt,
      firstName: pp?.billTo.firstName ?? '',
      lastName: pp?.billTo.lastName ?? '',
      totalOccurrences: s.totalOccurrences,
      pastOccurrences: past.length,
      paymentMethod: pp?.type === 'bankAccount' ? 'eCheck' : 'creditCard',
      accountNumber: `XXXX${pp?.last4 ?? ''}`,
      invoice: s.orderId ?? '',
      amount: formatAmount(s.amountMinor, s.currency),
      currencyCode: s.currency,
      customerProfileId: s.customerId,
      customerPaymentProfileId: s.paymentProfileId,
      ...(s.shippingAddressId !== null && { customerShippingProfileId: s.shippingAddressId }),
      amountChargedSoFar: formatAmount(charged, s.currency),
    });
  }
  const key = (d: Json) => (orderBy === 'amountChargedSoFar' || orderBy === 'pastOccurrences' ? Number(d[orderBy]) : String(d[orderBy] ?? ''));
  details.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (descending) details.reverse();
  const page = details.slice((offset - 1) * limit, offset * limit).map(({ amountChargedSoFar: _, ...d }) => d);
  return { totalNumInResultSet: details.length, subscriptionDetails: page };
});

/** The keyed tag of an expiry month: stored cards expiring then carry the same tag, so nothing is decrypted. */
async function expiryTagOf(call: AnetCall, month: string): Promise<Buffer> {
  const crypto = await call.ctx.keyring.forMerchant(call.ctx.store, call.merchant.id);
  return Buffer.from(crypto.fingerprint('expiry', month));
}
