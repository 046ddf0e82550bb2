/**
 * Automated Recurring Billing and the Transaction Reporting API through the
 * official Node SDK against a real CIM server, with a controllable clock: the
 * scheduler charges each due occurrence once, settlement closes the batches,
 * and the SDK reads it all back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSchedulerOnce } from '../../../server/src/scheduler.ts';
import { Contracts as C, firstMessage } from './sdk-client.ts';
import { address, card, errorCode, ok, startSdkServer, type SdkServer } from './sdk-server.ts';

let sdk: SdkServer;
const DAY = 86_400_000;

beforeAll(async () => {
  sdk = await startSdkServer(new Date('2026-06-15T12:00:00Z'));
});
afterAll(async () => {
  await sdk.close();
});

function schedule(startDate: string, totalOccurrences: number, unit = C.ARBSubscriptionUnitEnum.MONTHS, length = 1) {
  const interval = new C.PaymentScheduleType.Interval();
  interval.setLength(length);
  interval.setUnit(unit);
  const s = new C.PaymentScheduleType();
  s.setInterval(interval);
  s.setStartDate(startDate);
  s.setTotalOccurrences(totalOccurrences);
  return s;
}

/** A scheduler round at the server's clock, as every CIM instance runs each minute. */
const tick = () => runSchedulerOnce(sdk.env.deps);

describe('ARB through the SDK', () => {
  let customerProfileId: string;
  let paymentProfileId: string;
  let onProfile: string;
  let withCard: string;

  it('creates a subscription on a stored profile, and one with a card (which makes the profile)', async () => {
    const profile = new C.CustomerProfileType();
    profile.setMerchantCustomerId('ARB-1');
    profile.setEmail('arb@example.com');
    const pp = new C.CustomerPaymentProfileType();
    pp.setPayment(card('4111111111111111'));
    pp.setBillTo(address({ firstName: 'Ada', lastName: 'Lovelace', address: '1 Analytical St', zip: '12345' }));
    profile.setPaymentProfiles([pp]);
    const created = ok(await sdk.run('createCustomerProfile', { profile }));
    customerProfileId = created.getCustomerProfileId();
    paymentProfileId = String(created.getCustomerPaymentProfileIdList().getNumericString()[0]);

    const sub = new C.ARBSubscriptionType();
    sub.setName('Tea club');
    sub.setPaymentSchedule(schedule('2026-06-15', 3));
    sub.setAmount('12.00');
    const ids = new C.CustomerProfileIdType();
    ids.setCustomerProfileId(customerProfileId);
    ids.setCustomerPaymentProfileId(paymentProfileId);
    sub.setProfile(ids);
    const res = ok(await sdk.run('ARBCreateSubscription', { subscription: sub }));
    onProfile = res.getSubscriptionId();
    expect(onProfile).toMatch(/^\d+$/);
    expect(res.getProfile().getCustomerPaymentProfileId()).toBe(paymentProfileId);

    const byCard = new C.ARBSubscriptionType();
    byCard.setName('Weekly beans');
    byCard.setPaymentSchedule(schedule('2026-06-16', 9999, C.ARBSubscriptionUnitEnum.DAYS, 7));
    byCard.setAmount('5.00');
    byCard.setPayment(card('5424000000000015', '2031-01'));
    const billTo = new C.NameAndAddressType();
    billTo.setFirstName('Grace');
    billTo.setLastName('Hopper');
    billTo.setZip('20001');
    byCard.setBillTo(billTo);
    const customer = new C.CustomerType();
    customer.setId('ARB-CARD');
    customer.setEmail('grace@example.com');
    byCard.setCustomer(customer);
    const made = ok(await sdk.run('ARBCreateSubscription', { subscription: byCard }));
    withCard = made.getSubscriptionId();
    const newProfile = ok(await sdk.run('getCustomerProfile', { customerProfileId: made.getProfile().getCustomerProfileId() })).getProfile();
    expect(newProfile.getMerchantCustomerId()).toBe('ARB-CARD');
    expect(newProfile.getPaymentProfiles()[0].getPayment().getCreditCard().getCardNumber()).toBe('XXXX0015');
  });

  it('refuses schedules Authorize.Net refuses, with its codes', async () => {
    const bad = (start: string, unit: string, length: number) => {
      const sub = new C.ARBSubscriptionType();
      sub.setPaymentSchedule(schedule(start, 12, unit, length));
      sub.setAmount('1.00');
      const ids = new C.CustomerProfileIdType();
      ids.setCustomerProfileId(customerProfileId);
      ids.setCustomerPaymentProfileId(paymentProfileId);
      sub.setProfile(ids);
      return sdk.run('ARBCreateSubscription', { subscription: sub });
    };
    expect(firstMessage(await bad('2026-06-14', 'months', 1))).toEqual({ resultCode: 'Error', code: 'E00017', text: 'The start date cannot occur in the past.' });
    expect(errorCode(await bad('2026-07-01', 'days', 3))).toBe('E00022');
    expect(errorCode(await bad('2026-07-01', 'months', 13))).toBe('E00022');
    expect(errorCode(await sdk.run('ARBGetSubscriptionStatus', { subscriptionId: '12345' }))).toBe('E00035');
  });

  it('charges each due occurrence exactly once as the clock moves, and reports them', async () => {
    await tick();
    await tick(); // a second instance or a restart in the same minute: no second charge
    let got = ok(await sdk.run('ARBGetSubscription', { subscriptionId: onProfile, includeTransactions: true })).getSubscription();
    expect(got.getStatus()).toBe('active');
    expect(got.getArbTransactions().getArbTransaction()).toHaveLength(1);
    const first = got.getArbTransactions().getArbTransaction()[0];
    expect(first.getPayNum()).toBe(1);
    expect(first.getResponse()).toBe('This transaction has been approved.');
    expect(got.getProfile().getPaymentProfile().getPayment().getCreditCard().getCardNumber()).toBe('XXXX1111');
    // The card subscription starts tomorrow: nothing yet.
    expect((ok(await sdk.run('ARBGetSubscription', { subscriptionId: withCard, includeTransactions: true })).getSubscription().getArbTransactions()?.getArbTransaction() ?? [])).toHaveLength(0);

    // Three months later (the scheduler was down meanwhile): occurrences 2 and 3 are caught up, once each; then it has expired.
    sdk.env.clock.advance(92 * DAY);
    await tick();
    await tick();
    got = ok(await sdk.run('ARBGetSubscription', { subscriptionId: onProfile, includeTransactions: true })).getSubscription();
    expect(got.getArbTransactions().getArbTransaction().map((t: any) => t.getPayNum())).toEqual([1, 2, 3]);
    expect(ok(await sdk.run('ARBGetSubscriptionStatus', { subscriptionId: onProfile })).getStatus()).toBe('expired');

    // Settlement closed the first charge's batch long ago; the Reporting API lists it.
    const batches = ok(await sdk.run('getSettledBatchList', { includeStatistics: true, firstSettlementDate: '2026-06-15T00:00:00Z', lastSettlementDate: '2026-07-14T00:00:00Z' })).getBatchList().getBatch();
    expect(batches.length).toBeGreaterThanOrEqual(1);
    const firstBatch = batches[0];
    const inBatch = ok(await sdk.run('getTransactionList', { batchId: firstBatch.getBatchId() })).getTransactions().getTransaction();
    expect(inBatch.map((t: any) => t.getTransId())).toContain(first.getTransId());
    const details = ok(await sdk.run('getTransactionDetails', { transId: first.getTransId() })).getTransaction();
    expect(details.getTransactionStatus()).toBe('settledSuccessfully');
    expect(details.getBatch().getBatchId()).toBe(firstBatch.getBatchId());
    expect(details.getSubscription().getId()).toBe(onProfile);
    expect(details.getSubscription().getPayNum()).toBe(1);
    const stats = ok(await sdk.run('getBatchStatistics', { batchId: firstBatch.getBatchId() })).getBatch();
    expect(stats.getStatistics().getStatistic()[0].getChargeCount()).toBeGreaterThanOrEqual(1);
  });

  it('updates, lists and cancels; canceling twice is Ok with I00002', async () => {
    const update = new C.ARBSubscriptionType();
    update.setAmount('6.50');
    ok(await sdk.run('ARBUpdateSubscription', { subscriptionId: withCard, subscription: update }));
    const interval = new C.ARBSubscriptionType();
    interval.setPaymentSchedule(schedule('2026-06-16', 10, C.ARBSubscriptionUnitEnum.MONTHS, 1));
    expect(errorCode(await sdk.run('ARBUpdateSubscription', { subscriptionId: withCard, subscription: interval }))).toBe('E00034');
    const got = ok(await sdk.run('ARBGetSubscription', { subscriptionId: withCard })).getSubscription();
    expect(String(got.getAmount())).toBe('6.50');

    const sorting = new C.ARBGetSubscriptionListSorting();
    sorting.setOrderBy(C.ARBGetSubscriptionListOrderFieldEnum.ID);
    sorting.setOrderDescending(false);
    const paging = new C.Paging();
    paging.setLimit(10);
    paging.setOffset(1);
    const active = ok(await sdk.run('ARBGetSubscriptionList', { searchType: C.ARBGetSubscriptionListSearchTypeEnum.SUBSCRIPTIONACTIVE, sorting, paging }));
    expect(active.getSubscriptionDetails().getSubscriptionDetail().map((d: any) => d.getId())).toEqual([withCard]);
    const inactive = ok(await sdk.run('ARBGetSubscriptionList', { searchType: C.ARBGetSubscriptionListSearchTypeEnum.SUBSCRIPTIONINACTIVE, sorting, paging }));
    const detail = inactive.getSubscriptionDetails().getSubscriptionDetail()[0];
    expect(detail.getId()).toBe(onProfile);
    expect(detail.getPastOccurrences()).toBe(3);
    expect(detail.getAccountNumber()).toBe('XXXX1111');

    ok(await sdk.run('ARBCancelSubscription', { subscriptionId: withCard }));
    expect(firstMessage(await sdk.run('ARBCancelSubscription', { subscriptionId: withCard }))).toEqual({ resultCode: 'Ok', code: 'I00002', text: 'The subscription has already been canceled.' });
    expect(errorCode(await sdk.run('ARBCancelSubscription', { subscriptionId: onProfile }))).toBe('E00038');
    expect(errorCode(await sdk.run('ARBUpdateSubscription', { subscriptionId: withCard, subscription: update }))).toBe('E00037');
    // Canceled: the scheduler charges it no more.
    const before = (await sdk.env.deps.store.subscriptions.listOccurrences(sdk.merchant.id, withCard)).length;
    sdk.env.clock.advance(30 * DAY);
    await tick();
    expect(await sdk.env.deps.store.subscriptions.listOccurrences(sdk.merchant.id, withCard)).toHaveLength(before);
  });
});
