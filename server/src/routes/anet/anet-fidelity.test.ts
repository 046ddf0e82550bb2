import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../processor/reason-codes.ts';
import { makeTestApp } from '../../test-support.ts';
import { anetClient, freshTestApp, expectOk as ok, firstMessage as first, type Body } from './test-client.ts';

const app = freshTestApp(makeTestApp);
const { call } = anetClient(app);
const card = (cardNumber: string, cardCode?: string) => ({ creditCard: { cardNumber, expirationDate: '2030-12', ...(cardCode && { cardCode }) } });
const sale = (amount: string, payment: Body, extra: Body = {}) => call('createTransactionRequest', { transactionRequest: { transactionType: 'authCaptureTransaction', amount, payment, ...extra } });
const billTo = (zip: string) => ({ billTo: { firstName: 'Ada', lastName: 'Lovelace', address: '1 Analytical St', zip } });

describe('duplicates (reason 11)', () => {
  it('name the original transaction: its transId, authCode, AVS and card-code results', async () => {
    const original = ok(await sale('15.00', card('4111111111111111', '900'), billTo('12345'))).transactionResponse;
    const dup = await sale('15.00', card('4111111111111111', '900'), billTo('12345'));
    expect(first(dup)).toEqual({ code: 'E00027', text: 'The transaction was unsuccessful.' });
    expect(dup.transactionResponse).toMatchObject({
      responseCode: '3',
      transId: original.transId,
      authCode: original.authCode,
      avsResultCode: 'Y',
      cvvResultCode: 'M',
      accountNumber: 'XXXX1111',
      errors: [{ errorCode: '11', errorText: 'A duplicate transaction has been submitted.' }],
    });
  });
});

describe("the sandbox's documented triggers", () => {
  it('card 4222222222222 answers the reason code given as the amount, with its official text', async () => {
    const avs = await sale('27.00', card('4222222222222'), billTo('12345'));
    expect(avs.transactionResponse).toMatchObject({ responseCode: '2', errors: [{ errorCode: '27', errorText: REASON_CODES[27]!.text }] });
    const error = await sale('36.00', card('4222222222222'));
    expect(error.transactionResponse).toMatchObject({ responseCode: '3', errors: [{ errorCode: '36', errorText: 'The authorization was approved but settlement failed.' }] });
    const held = ok(await sale('253.00', card('4222222222222'))).transactionResponse;
    expect(held).toMatchObject({ responseCode: '4', messages: [{ code: '253', description: 'Your order has been received. Thank you for your business!' }] });
    // Amounts that are not a reason code CIM knows approve as any other card would.
    expect(ok(await sale('12.34', card('4222222222222'))).transactionResponse.responseCode).toBe('1');
  });

  it('declines billing zip 46282, card code 901 and the AVS "no match" zip, with the official texts', async () => {
    expect((await sale('1.01', card('4111111111111111'), billTo('46282'))).transactionResponse.errors).toEqual([{ errorCode: '2', errorText: 'This transaction has been declined.' }]);
    const cvv = await sale('1.02', card('4111111111111111', '901'), billTo('12345'));
    expect(cvv.transactionResponse).toMatchObject({ cvvResultCode: 'N', errors: [{ errorCode: '44', errorText: 'This transaction has been declined.' }] });
    const avs = await sale('1.03', card('4111111111111111'), billTo('46205'));
    expect(avs.transactionResponse).toMatchObject({ avsResultCode: 'N', errors: [{ errorCode: '27', errorText: REASON_CODES[27]!.text }] });
    expect(ok(await sale('1.04', card('4111111111111111'), billTo('46203'))).transactionResponse.avsResultCode).toBe('E');
  });
});

describe('liveMode validation without a billing address', () => {
  it('answers E00027 with reason 290 instead of approving', async () => {
    const created = ok(await call('createCustomerProfileRequest', { profile: { email: 'nobill@example.com', paymentProfiles: [{ payment: card('4111111111111111') }] } }));
    const res = await call('validateCustomerPaymentProfileRequest', { customerProfileId: created.customerProfileId, customerPaymentProfileId: created.customerPaymentProfileIdList[0], validationMode: 'liveMode' });
    expect(first(res)).toEqual({ code: 'E00027', text: 'There is one or more missing or invalid required fields.' });
    expect(res.directResponse.split(',').slice(0, 4)).toEqual(['3', '1', '290', 'There is one or more missing or invalid required fields.']);
    // testMode checks the data only, so it still approves.
    ok(await call('validateCustomerPaymentProfileRequest', { customerProfileId: created.customerProfileId, customerPaymentProfileId: created.customerPaymentProfileIdList[0], validationMode: 'testMode' }));
  });
});

describe('createCustomerProfileFromTransactionRequest', () => {
  it('reads customer as customerProfileBaseType: merchantCustomerId alone, or description, or email', async () => {
    const charge = async (amount: string) => ok(await sale(amount, card('4007000000027'), billTo('12345'))).transactionResponse.transId as string;
    const byId = ok(await call('createCustomerProfileFromTransactionRequest', { transId: await charge('2.01'), customer: { merchantCustomerId: 'MCID-1' } }));
    expect(ok(await call('getCustomerProfileRequest', { customerProfileId: byId.customerProfileId })).profile).toMatchObject({ merchantCustomerId: 'MCID-1' });
    const byDescription = ok(await call('createCustomerProfileFromTransactionRequest', { transId: await charge('2.02'), customer: { description: 'Walk-in customer' } }));
    expect(ok(await call('getCustomerProfileRequest', { customerProfileId: byDescription.customerProfileId })).profile).toMatchObject({ description: 'Walk-in customer' });
    expect(first(await call('createCustomerProfileFromTransactionRequest', { transId: await charge('2.03'), customer: {} })).code).toBe('E00102');
  });
});

describe('payment types CIM does not process', () => {
  it('are refused with reason 155 and never charged as a plain card', async () => {
    const refusals: Body[] = [
      { payPal: { successUrl: 'https://shop.test/ok', cancelUrl: 'https://shop.test/no' } },
      { opaqueData: { dataDescriptor: 'COMMON.APPLE.INAPP.PAYMENT', dataValue: 'eyJkYXRhIjoi' } },
      { opaqueData: { dataDescriptor: 'COMMON.GOOGLE.INAPP.PAYMENT', dataValue: 'eyJkYXRhIjoi' } },
      { creditCard: { cardNumber: '4111111111111111', expirationDate: '2030-12', isPaymentToken: true, cryptogram: 'EjRWeJASNFZ4kBI0VniQEjRWeJA=' } },
      { creditCard: { cardNumber: '4111111111111111', expirationDate: '2030-12', cryptogram: 'EjRWeJASNFZ4kBI0VniQEjRWeJA=' } },
      { trackData: { track1: '%B4111111111111111^DOE/JOHN^3012101?' } },
    ];
    for (const payment of refusals) {
      const res = await sale('9.00', payment);
      expect(first(res), JSON.stringify(payment)).toEqual({ code: 'E00027', text: 'The transaction was unsuccessful.' });
      expect(res.transactionResponse.errors).toEqual([{ errorCode: '155', errorText: 'This processor does not support this method of submitting payment data.' }]);
    }
    // Nothing was charged or recorded: the same plain card is not a duplicate of anything.
    ok(await sale('9.00', card('4111111111111111')));
    const profile = await call('createCustomerProfileRequest', { profile: { email: 'wallet@example.com', paymentProfiles: [{ payment: refusals[1] }] } });
    expect(first(profile)).toEqual({ code: 'E00027', text: 'This processor does not support this method of submitting payment data.' });
  });
});

describe('captureOnlyTransaction and one-time eCheck debits', () => {
  it('captures an authorisation obtained elsewhere under its authCode', async () => {
    const res = ok(await call('createTransactionRequest', { transactionRequest: { transactionType: 'captureOnlyTransaction', amount: '42.00', payment: card('4111111111111111'), authCode: 'VOICE1' } }));
    expect(res.transactionResponse).toMatchObject({ responseCode: '1', authCode: 'VOICE1', accountNumber: 'XXXX1111' });
    const details = ok(await call('getTransactionDetailsRequest', { transId: res.transactionResponse.transId })).transaction;
    expect(details).toMatchObject({ transactionType: 'captureOnlyTransaction', transactionStatus: 'capturedPendingSettlement', authCode: 'VOICE1', settleAmount: '42.00' });
    const missing = await call('createTransactionRequest', { transactionRequest: { transactionType: 'captureOnlyTransaction', amount: '1.00', payment: card('4111111111111111') } });
    expect(missing.transactionResponse.errors).toEqual([{ errorCode: '12', errorText: 'An authorization code is required but not present.' }]);
    const bad = await call('createTransactionRequest', { transactionRequest: { transactionType: 'captureOnlyTransaction', amount: '1.00', payment: card('4111111111111111'), authCode: 'AB' } });
    expect(bad.transactionResponse.errors).toEqual([{ errorCode: '72', errorText: 'The authorization code is invalid.' }]);
  });

  it('debits a one-time bank account (eCheck) without storing it, and declines over the sandbox limit', async () => {
    const bankAccount = { accountType: 'checking', routingNumber: '121042882', accountNumber: '123456789', nameOnAccount: 'Ada Lovelace' };
    const res = ok(await sale('25.00', { bankAccount }, billTo('12345')));
    expect(res.transactionResponse).toMatchObject({ responseCode: '1', accountType: 'eCheck', accountNumber: 'XXXX6789' });
    const over = await sale('150.00', { bankAccount });
    expect(over.transactionResponse).toMatchObject({ responseCode: '2', errors: [{ errorCode: '2' }] });
    expect(first(await sale('1.00', { bankAccount: { ...bankAccount, routingNumber: '123456789' } })).code).toBe('E00013');
    const details = ok(await call('getTransactionDetailsRequest', { transId: res.transactionResponse.transId })).transaction;
    expect(details.payment.bankAccount).toMatchObject({ accountNumber: 'XXXX6789', routingNumber: 'XXXX' });
    expect(JSON.stringify(details)).not.toContain('123456789');
    const row = JSON.stringify(await app().deps.store.transactions.get(app().merchant.id, res.transactionResponse.transId));
    expect(row).not.toContain('123456789');
  });
});

describe('unlinked credits', () => {
  const credit = (payment: Body) => call('createTransactionRequest', { transactionRequest: { transactionType: 'refundTransaction', amount: '8.00', payment } });

  it('are refused (reason 54) until the merchant enables them, then pay the card without a referenced transaction', async () => {
    const refused = await credit(card('4111111111111111'));
    expect(refused.transactionResponse.errors).toEqual([{ errorCode: '54', errorText: 'The referenced transaction does not meet the criteria for issuing a credit.' }]);
    expect((await (await app().api('PATCH', '/v1/settings', { unlinkedCredits: true })).json()) as object).toMatchObject({ unlinkedCredits: true });
    const paid = ok(await credit(card('4111111111111111'))).transactionResponse;
    expect(paid).toMatchObject({ responseCode: '1', accountNumber: 'XXXX1111', refTransID: '' });
    const details = ok(await call('getTransactionDetailsRequest', { transId: paid.transId })).transaction;
    expect(details).toMatchObject({ transactionType: 'refundTransaction', transactionStatus: 'refundPendingSettlement', settleAmount: '8.00' });
    expect(details.refTransId).toBeUndefined();
    // Money back to a card: the same webhook event as a linked refund.
    const events = (await (await app().api('GET', '/v1/events?type=transaction.refunded')).json()) as { data: Array<{ data: { id: string; amount: string } }> };
    expect(events.data.map((e) => [e.data.id, e.data.amount])).toEqual([[paid.transId, '8.00']]);
    // Another merchant has not enabled them.
    expect((await call('createTransactionRequest', { transactionRequest: { transactionType: 'refundTransaction', amount: '8.00', payment: card('4111111111111111') } }, app().other)).transactionResponse.errors[0].errorCode).toBe('54');
  });
});
