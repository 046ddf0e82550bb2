import { describe, expect, it } from 'vitest';
import { runSchedulerOnce } from '../../scheduler.ts';
import { makeTestApp } from '../../test-support.ts';
import { anetClient, expectOk as ok, firstMessage as first, freshTestApp, type Body } from './test-client.ts';

// 2026-06-15T12:00:00Z to start with.
const app = freshTestApp(makeTestApp);
const { call } = anetClient(app);
const HOUR = 3_600_000;

const billTo = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Analytical St', zip: '12345' };
async function profile() {
  const created = ok(await call('createCustomerProfileRequest', { profile: { merchantCustomerId: 'R-1', email: 'r@example.com', paymentProfiles: [{ billTo, payment: { creditCard: { cardNumber: '4111111111111111', expirationDate: '2030-12' } } }] } }));
  return { customerProfileId: created.customerProfileId as string, paymentProfileId: created.customerPaymentProfileIdList[0] as string };
}
const transaction = async (transactionRequest: Body) => ok(await call('createTransactionRequest', { transactionRequest })).transactionResponse as Body;
const statusOf = (list: Body, id: string) => (list.transactions as Body[]).find((t) => t.transId === id)?.transactionStatus;

describe('settlement and the Transaction Reporting API', () => {
  it('settles at the merchant’s cut-off; refunds follow settlement; every report agrees', async () => {
    const t = app();
    // The merchant moves its daily cut-off to 15:00 UTC.
    expect(await (await t.api('PATCH', '/v1/settings', { settlementCutoff: '15:00' })).json()).toMatchObject({ settlementCutoff: '15:00', unlinkedCredits: false });
    expect((await t.api('PATCH', '/v1/settings', { settlementCutoff: '25:00' })).status).toBe(400);

    const p = await profile();
    const sale = (await transaction({ transactionType: 'authCaptureTransaction', amount: '10.00', profile: { customerProfileId: p.customerProfileId }, order: { invoiceNumber: 'INV-7' } })).transId;
    t.clock.advance(1000); // the clock is frozen: a second apart, so submit-time order is defined
    const auth = (await transaction({ transactionType: 'authOnlyTransaction', amount: '5.00', profile: { customerProfileId: p.customerProfileId } })).transId;

    const unsettled = ok(await call('getUnsettledTransactionListRequest', { sorting: { orderBy: 'submitTimeUTC', orderDescending: false } }));
    expect(unsettled.totalNumInResultSet).toBe(2);
    expect(statusOf(unsettled, sale)).toBe('capturedPendingSettlement');
    expect(statusOf(unsettled, auth)).toBe('authorizedPendingCapture');
    expect(unsettled.transactions[0]).toMatchObject({ transId: sale, invoiceNumber: 'INV-7', firstName: 'Ada', lastName: 'Lovelace', accountType: 'Visa', accountNumber: 'XXXX1111', settleAmount: '10.00', profile: { customerProfileId: p.customerProfileId, customerPaymentProfileId: p.paymentProfileId } });
    expect(first(await call('getSettledBatchListRequest'))).toEqual({ code: 'I00004', text: 'No records found.' });

    // Before the cut-off nothing settles; after it the scheduler's round closes the batch.
    t.clock.advance(2 * HOUR - 1000);
    await runSchedulerOnce(t.deps);
    expect(first(await call('getSettledBatchListRequest'))).toEqual({ code: 'I00004', text: 'No records found.' });
    t.clock.advance(1 * HOUR + 1);
    await runSchedulerOnce(t.deps);
    await runSchedulerOnce(t.deps); // a second instance, or a restart: nothing is settled twice

    const batches = ok(await call('getSettledBatchListRequest', { includeStatistics: true }));
    expect(batches.batchList).toHaveLength(1);
    const batch = batches.batchList[0];
    expect(batch).toMatchObject({ settlementTimeUTC: '2026-06-15T15:00:00.000Z', settlementTimeLocal: '2026-06-15T15:00:00.000', settlementState: 'settledSuccessfully', paymentMethod: 'creditCard' });
    expect(batch.statistics).toEqual([{ accountType: 'Visa', chargeAmount: '10.00', chargeCount: 1, refundAmount: '0.00', refundCount: 0, voidCount: 0, declineCount: 0, errorCount: 0 }]);

    const inBatch = ok(await call('getTransactionListRequest', { batchId: batch.batchId }));
    expect(inBatch.totalNumInResultSet).toBe(1);
    expect(inBatch.transactions[0]).toMatchObject({ transId: sale, transactionStatus: 'settledSuccessfully', settleAmount: '10.00' });
    expect(ok(await call('getBatchStatisticsRequest', { batchId: batch.batchId })).batch).toMatchObject({ batchId: batch.batchId, statistics: [{ chargeCount: 1 }] });

    const details = ok(await call('getTransactionDetailsRequest', { transId: sale })).transaction;
    expect(details).toMatchObject({
      transId: sale, transactionType: 'authCaptureTransaction', transactionStatus: 'settledSuccessfully', responseCode: 1, responseReasonCode: 1,
      responseReasonDescription: 'This transaction has been approved.', AVSResponse: 'Y', authAmount: '10.00', settleAmount: '10.00',
      batch: { batchId: batch.batchId, settlementState: 'settledSuccessfully' }, order: { invoiceNumber: 'INV-7' },
      payment: { creditCard: { cardNumber: 'XXXX1111', expirationDate: 'XXXX', cardType: 'Visa' } }, billTo: { firstName: 'Ada', zip: '12345' },
      profile: { customerProfileId: p.customerProfileId, customerPaymentProfileId: p.paymentProfileId },
    });
    expect(JSON.stringify(details)).not.toContain('4111111111111111');

    // Settled: the sale is refunded (not voided); the uncaptured authorisation stays unsettled.
    const refund = (await transaction({ transactionType: 'refundTransaction', amount: '4.00', refTransId: sale })).transId;
    const after = ok(await call('getUnsettledTransactionListRequest'));
    expect(statusOf(after, refund)).toBe('refundPendingSettlement');
    expect(statusOf(after, auth)).toBe('authorizedPendingCapture');
    expect(statusOf(after, sale)).toBeUndefined();
    expect(ok(await call('getTransactionDetailsRequest', { transId: refund })).transaction).toMatchObject({ transactionType: 'refundTransaction', refTransId: sale, transactionStatus: 'refundPendingSettlement' });

    const forCustomer = ok(await call('getTransactionListForCustomerRequest', { customerProfileId: p.customerProfileId, paging: { limit: 2, offset: 1 }, sorting: { orderBy: 'id', orderDescending: true } }));
    expect(forCustomer.totalNumInResultSet).toBe(3);
    expect(forCustomer.transactions).toHaveLength(2);

    // Another merchant sees none of it, worded like a missing record.
    expect(first(await call('getTransactionListRequest', { batchId: batch.batchId }, t.other)).code).toBe('E00040');
    expect(first(await call('getTransactionDetailsRequest', { transId: sale }, t.other)).code).toBe('E00040');
    expect(first(await call('getBatchStatisticsRequest', { batchId: batch.batchId }, t.other)).code).toBe('E00040');
    expect(first(await call('getUnsettledTransactionListRequest', {}, t.other))).toEqual({ code: 'I00004', text: 'No records found.' });
    expect(first(await call('getTransactionListForCustomerRequest', { customerProfileId: p.customerProfileId }, t.other)).code).toBe('E00040');
  });

  it('validates the settled-batch date range', async () => {
    expect(first(await call('getSettledBatchListRequest', { firstSettlementDate: '2026-01-01T00:00:00Z', lastSettlementDate: '2026-03-01T00:00:00Z' })).code).toBe('E00013');
    expect(first(await call('getSettledBatchListRequest', { firstSettlementDate: 'yesterday' })).code).toBe('E00003');
    expect(first(await call('getSettledBatchListRequest', { firstSettlementDate: '2026-06-01T00:00:00', lastSettlementDate: '2026-06-15T00:00:00' }))).toEqual({ code: 'I00004', text: 'No records found.' });
  });
});
