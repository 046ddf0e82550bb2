import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueCheckoutToken } from '../../domain/checkout-tokens.ts';
import { makeTestApp } from '../../test-support.ts';
import { anetClient, expectOk, firstMessage, type Body, type TestApp } from './test-client.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const { call } = anetClient(() => t);
const first = firstMessage;
const ok = expectOk;

const billTo = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Analytical St', zip: '12345' };
const card = (cardNumber: string) => ({ creditCard: { cardNumber, expirationDate: '2030-12' } });

async function profileWith(cardNumber = '4111111111111111', extra: Body = {}) {
  const created = ok(await call('createCustomerProfileRequest', { profile: { merchantCustomerId: `C${cardNumber.slice(-6)}`, email: 'ada@example.com', paymentProfiles: [{ billTo, payment: card(cardNumber) }], shipToList: [billTo], ...extra } }));
  return { customerProfileId: created.customerProfileId as string, paymentProfileId: created.customerPaymentProfileIdList[0] as string, shippingId: created.customerShippingAddressIdList[0] as string };
}

const transaction = (transactionRequest: Body) => call('createTransactionRequest', { refId: 'tx-1', transactionRequest });

describe('createTransactionRequest', () => {
  it('charges a stored profile and answers like Authorize.Net', async () => {
    const p = await profileWith();
    const charged = ok(
      await transaction({
        transactionType: 'authCaptureTransaction',
        amount: 12.5,
        profile: { customerProfileId: p.customerProfileId, paymentProfile: { paymentProfileId: p.paymentProfileId, cardCode: '123' }, shippingProfileId: p.shippingId },
        order: { invoiceNumber: 'INV-1', description: 'Tea' },
      }),
    );
    expect(Object.keys(charged)).toEqual(['transactionResponse', 'refId', 'messages']);
    const r = charged.transactionResponse;
    expect(r).toMatchObject({ responseCode: '1', accountNumber: 'XXXX1111', accountType: 'Visa', refTransID: '', messages: [{ code: '1', description: 'This transaction has been approved.' }] });
    expect(r.transId).toMatch(/^\d+$/);
    expect(r.authCode).toMatch(/^\w{6}$/);
    expect(r.profile).toEqual({ customerProfileId: p.customerProfileId, customerPaymentProfileId: p.paymentProfileId, customerAddressId: p.shippingId });

    // The same charge again inside the duplicate window is refused (reason 11) unless the window is set to 0.
    const again = await transaction({ transactionType: 'authCaptureTransaction', amount: '12.50', profile: { customerProfileId: p.customerProfileId, paymentProfile: { paymentProfileId: p.paymentProfileId } } });
    expect(first(again)).toEqual({ code: 'E00027', text: 'The transaction was unsuccessful.' });
    expect(again.transactionResponse.errors).toEqual([{ errorCode: '11', errorText: 'A duplicate transaction has been submitted.' }]);
    ok(
      await transaction({
        transactionType: 'authCaptureTransaction',
        amount: '12.50',
        profile: { customerProfileId: p.customerProfileId, paymentProfile: { paymentProfileId: p.paymentProfileId } },
        transactionSettings: { setting: { settingName: 'duplicateWindow', settingValue: '0' } },
      }),
    );
  });

  it('uses the default payment profile when none is named, and E00121 when there is none', async () => {
    const p = await profileWith();
    expect(ok(await transaction({ transactionType: 'authOnlyTransaction', amount: '5.00', profile: { customerProfileId: p.customerProfileId } })).transactionResponse.profile.customerPaymentProfileId).toBe(p.paymentProfileId);
    const empty = ok(await call('createCustomerProfileRequest', { profile: { email: 'empty@example.com' } }));
    expect(first(await transaction({ transactionType: 'authOnlyTransaction', amount: '5.00', profile: { customerProfileId: empty.customerProfileId } })).code).toBe('E00121');
    expect(first(await transaction({ transactionType: 'authOnlyTransaction', amount: '5.00', profile: { customerProfileId: '123' } })).code).toBe('E00040');
    expect(first(await transaction({ transactionType: 'authOnlyTransaction', amount: '5.00', profile: { customerProfileId: p.customerProfileId, shippingProfileId: '123' } })).code).toBe('E00098');
  });

  it('reports a decline with E00027 and the reason in transactionResponse.errors', async () => {
    const p = await profileWith('4000000000000002');
    const declined = await transaction({ transactionType: 'authCaptureTransaction', amount: '3.00', profile: { customerProfileId: p.customerProfileId } });
    expect(declined.messages.resultCode).toBe('Error');
    expect(first(declined).code).toBe('E00027');
    expect(declined.transactionResponse).toMatchObject({ responseCode: '2', errors: [{ errorCode: '2', errorText: 'This transaction has been declined.' }] });
    expect(first(await transaction({ transactionType: 'authCaptureTransaction', amount: 'ten', profile: { customerProfileId: p.customerProfileId } })).code).toBe('E00027');
  });

  it('captures, voids and refunds by refTransId', async () => {
    const p = await profileWith();
    const auth = ok(await transaction({ transactionType: 'authOnlyTransaction', amount: '20.00', profile: { customerProfileId: p.customerProfileId } })).transactionResponse.transId;
    const captured = ok(await transaction({ transactionType: 'priorAuthCaptureTransaction', refTransId: auth, amount: '15.00' })).transactionResponse;
    expect(captured).toMatchObject({ responseCode: '1', transId: auth, refTransID: auth });
    // Already captured: Ok, response code 1, the original transId and message 311 — as Authorize.Net answers.
    const again = ok(await transaction({ transactionType: 'priorAuthCaptureTransaction', refTransId: auth })).transactionResponse;
    expect(again).toMatchObject({ responseCode: '1', transId: auth, authCode: captured.authCode, messages: [{ code: '311', description: 'This transaction has already been captured.' }] });
    expect(again.errors).toBeUndefined();

    // Unsettled: not refundable (reason 54) — Authorize.Net wants a void. Once the batch has settled, it is.
    const early = await transaction({ transactionType: 'refundTransaction', refTransId: auth, amount: '5.00' });
    expect(early.transactionResponse.errors[0]).toEqual({ errorCode: '54', errorText: 'The referenced transaction does not meet the criteria for issuing a credit.' });
    await t.settle();
    const refund = ok(await transaction({ transactionType: 'refundTransaction', refTransId: auth, amount: '5.00', payment: { creditCard: { cardNumber: '1111', expirationDate: 'XXXX' } } })).transactionResponse;
    expect(refund.refTransID).toBe(auth);
    expect(refund.transId).not.toBe(auth);
    expect((await transaction({ transactionType: 'voidTransaction', refTransId: auth })).transactionResponse.errors[0].errorCode).toBe('16');
    const tooMuch = await transaction({ transactionType: 'refundTransaction', refTransId: auth, amount: '50.00' });
    expect(tooMuch.transactionResponse.errors[0]).toEqual({ errorCode: '55', errorText: 'The sum of credits against the referenced transaction would exceed original debit amount.' });

    const other = ok(await transaction({ transactionType: 'authOnlyTransaction', amount: '7.00', profile: { customerProfileId: p.customerProfileId } })).transactionResponse.transId;
    ok(await transaction({ transactionType: 'voidTransaction', refTransId: other }));
    const voidedAgain = ok(await transaction({ transactionType: 'voidTransaction', refTransId: other })).transactionResponse;
    expect(voidedAgain).toMatchObject({ responseCode: '1', transId: other, messages: [{ code: '310', description: 'This transaction has already been voided.' }] });
    expect((await transaction({ transactionType: 'voidTransaction', refTransId: '42' })).transactionResponse.errors[0]).toEqual({ errorCode: '16', errorText: 'The transaction cannot be found.' });
    // A voided authorisation cannot be captured: that one is an error (310), not an Ok.
    const captureVoided = await transaction({ transactionType: 'priorAuthCaptureTransaction', refTransId: other });
    expect(first(captureVoided).code).toBe('E00027');
    expect(captureVoided.transactionResponse.errors[0]).toEqual({ errorCode: '310', errorText: 'This transaction has already been voided.' });
    expect(first(await transaction({ transactionType: 'authOnlyContinueTransaction', amount: '1.00' })).code).toBe('E00003');
  });

  it("cannot touch another merchant's transaction", async () => {
    const p = await profileWith();
    const auth = ok(await transaction({ transactionType: 'authOnlyTransaction', amount: '20.00', profile: { customerProfileId: p.customerProfileId } })).transactionResponse.transId;
    const res = await call('createTransactionRequest', { transactionRequest: { transactionType: 'voidTransaction', refTransId: auth } }, t.other);
    expect(res.transactionResponse.errors[0].errorCode).toBe('16');
  });

  it('creates a profile from a one-time card (createProfile) and from a transaction afterwards', async () => {
    const charged = ok(
      await transaction({
        transactionType: 'authCaptureTransaction',
        amount: '9.99',
        payment: card('5424000000000015'),
        profile: { createProfile: true },
        customer: { type: 'individual', id: 'NEW-1', email: 'new@example.com' },
        billTo,
      }),
    );
    expect(charged.profileResponse.messages.resultCode).toBe('Ok');
    const customerProfileId = charged.profileResponse.customerProfileId;
    expect(charged.profileResponse.customerPaymentProfileIdList).toHaveLength(1);
    const got = ok(await call('getCustomerProfileRequest', { customerProfileId }));
    expect(got.profile).toMatchObject({ merchantCustomerId: 'NEW-1', email: 'new@example.com' });
    expect(got.profile.paymentProfiles[0].payment.creditCard.cardNumber).toBe('XXXX0015');

    expect(first(await transaction({ transactionType: 'authCaptureTransaction', amount: '1.00', payment: card('5424000000000015'), profile: { createProfile: true } })).code).toBe('E00102');

    // Without createProfile the card is kept (encrypted, 24 hours) so a profile can be made from the transaction.
    const oneTime = ok(await transaction({ transactionType: 'authCaptureTransaction', amount: '4.00', payment: card('6011000000000012'), customer: { id: 'LATER-1' }, billTo })).transactionResponse.transId;
    const fromTx = ok(await call('createCustomerProfileFromTransactionRequest', { transId: oneTime }));
    expect(fromTx.customerProfileId).toMatch(/^\d+$/);
    expect(fromTx.customerPaymentProfileIdList).toHaveLength(1);
    expect(ok(await call('getCustomerProfileRequest', { customerProfileId: fromTx.customerProfileId })).profile.merchantCustomerId).toBe('LATER-1');
    expect(first(await call('createCustomerProfileFromTransactionRequest', { transId: oneTime })).code).toBe('E00013');
    expect(first(await call('createCustomerProfileFromTransactionRequest', { transId: '77' })).code).toBe('E00040');

    const anonymous = ok(await transaction({ transactionType: 'authCaptureTransaction', amount: '4.50', payment: card('4007000000027') })).transactionResponse.transId;
    expect(first(await call('createCustomerProfileFromTransactionRequest', { transId: anonymous })).code).toBe('E00102');
    ok(await call('createCustomerProfileFromTransactionRequest', { transId: anonymous, customer: { email: 'anon@example.com' } }));
  });

  it('charges a <cim-checkout> result token passed as opaqueData, once; expired tokens answer E00115', async () => {
    const p = await profileWith();
    const ctx = { store: t.deps.store, keyring: t.deps.keyring, clock: t.clock, signingKeys: t.deps.signingKeys, merchantId: t.merchant.id, actor: 'test', clientAddress: null };
    const subject = { customerProfileId: p.customerProfileId, paymentProfileId: p.paymentProfileId, card: { brand: 'visa' as const, last4: '1111', expMonth: 12, expYear: 2030 } };
    const { token } = await issueCheckoutToken(ctx, subject);
    const opaque = (dataValue: string, amount: string) => transaction({ transactionType: 'authCaptureTransaction', amount, payment: { opaqueData: { dataDescriptor: 'COMMON.ACCEPT.INAPP.PAYMENT', dataValue } } });
    const charged = ok(await opaque(token, '6.00')).transactionResponse;
    expect(charged).toMatchObject({ responseCode: '1', accountNumber: 'XXXX1111', profile: { customerProfileId: p.customerProfileId, customerPaymentProfileId: p.paymentProfileId } });
    expect(first(await opaque(token, '6.01'))).toEqual({ code: 'E00114', text: 'Invalid OTS Token.' });

    const { token: later } = await issueCheckoutToken(ctx, subject);
    t.clock.advance(16 * 60 * 1000);
    expect(first(await opaque(later, '6.02'))).toEqual({ code: 'E00115', text: 'Expired OTS Token.' });
  });

  it('refuses an opaqueData token that is not a valid checkout token with E00114', async () => {
    const res = await transaction({ transactionType: 'authCaptureTransaction', amount: '1.00', payment: { opaqueData: { dataDescriptor: 'COMMON.ACCEPT.INAPP.PAYMENT', dataValue: 'eyJhbGciOiJFZERTQSJ9.e30.x' } } });
    expect(first(res)).toEqual({ code: 'E00114', text: 'Invalid OTS Token.' });
  });
});

describe('updateHeldTransactionRequest', () => {
  const hold = async () => {
    const p = await profileWith();
    const held = ok(await transaction({ transactionType: 'authCaptureTransaction', amount: '70.03', profile: { customerProfileId: p.customerProfileId } })).transactionResponse;
    expect(held).toMatchObject({ responseCode: '4', messages: [{ code: '252' }] });
    return held.transId as string;
  };
  const review = (action: string, refTransId: string) => call('updateHeldTransactionRequest', { refId: 'review-1', heldTransactionRequest: { action, refTransId } });

  it('approves a held charge: Ok, response code 1, and the REST view shows it captured', async () => {
    const id = await hold();
    const approved = ok(await review('approve', id));
    expect(Object.keys(approved)).toEqual(['transactionResponse', 'refId', 'messages']);
    expect(approved.transactionResponse).toMatchObject({ responseCode: '1', transId: id, refTransID: id, messages: [{ code: '1' }] });
    expect(await (await t.api('GET', `/v1/transactions/${id}`)).json()).toMatchObject({ status: 'approved', state: 'captured' });
    // No longer held: E00027, with why.
    const again = await review('decline', id);
    expect(first(again)).toMatchObject({ code: 'E00027', text: 'Only a transaction held for review can be approved or declined.' });
  });

  it('declines a held charge with E00027 and reason 254; an unknown action or another merchant’s id is refused', async () => {
    const id = await hold();
    expect(first(await review('maybe', id)).code).toBe('E00003');
    expect(first(await call('updateHeldTransactionRequest', { heldTransactionRequest: { action: 'approve', refTransId: id } }, t.other)).code).toBe('E00040');
    const declined = await review('decline', id);
    expect(first(declined).code).toBe('E00027');
    expect(declined.transactionResponse).toMatchObject({ responseCode: '2', errors: [{ errorCode: '254', errorText: 'This transaction has been declined.' }] });
    expect(await (await t.api('GET', `/v1/transactions/${id}`)).json()).toMatchObject({ status: 'declined' });
  });
});

describe('liveMode validation', () => {
  it('authorises through the processor and answers a decline with E00027, keeping nothing', async () => {
    const p = await profileWith();
    const live = ok(await call('validateCustomerPaymentProfileRequest', { customerProfileId: p.customerProfileId, customerPaymentProfileId: p.paymentProfileId, validationMode: 'liveMode', cardCode: '900' }));
    const fields = live.directResponse.split(',');
    expect(fields.slice(0, 4)).toEqual(['1', '1', '1', 'This transaction has been approved.']);
    expect(fields[4]).toMatch(/^\w{6}$/);
    expect(fields[38]).toBe('M');

    const { customerProfileId } = await profileWith('5555555555554444');
    const declined = await call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { billTo: { zip: '46282' }, payment: card('4111111111111111') }, validationMode: 'liveMode' });
    expect(first(declined)).toEqual({ code: 'E00027', text: 'This transaction has been declined.' });
    expect(declined.validationDirectResponse.split(',')[0]).toBe('2');
    const after = ok(await call('getCustomerProfileRequest', { customerProfileId }));
    expect(after.profile.paymentProfiles).toHaveLength(1);

    const whole = await call('createCustomerProfileRequest', { profile: { email: 'gone@example.com', paymentProfiles: [{ billTo: { zip: '46282' }, payment: card('4111111111111111') }] }, validationMode: 'liveMode' });
    expect(first(whole).code).toBe('E00027');
    expect(whole.validationDirectResponseList).toHaveLength(1);
    expect(first(await call('getCustomerProfileRequest', { email: 'gone@example.com' })).code).toBe('E00040');
  });
});

describe('validationMode: the new data is validated before it is written', () => {
  const auditActions = async () => (await t.deps.store.audit.listForMerchant(t.merchant.id, 1000)).map((e) => e.action);
  /** Counts the merchant's customer profiles each time the processor is asked to authorise. */
  function profilesSeenByProcessor(): number[] {
    const seen: number[] = [];
    const processor = t.deps.processor;
    const authorize = processor.authorize.bind(processor);
    processor.authorize = async (request) => {
      seen.push((await t.deps.store.customers.listIds(t.merchant.id)).length);
      return authorize(request);
    };
    return seen;
  }

  it('a declined updateCustomerPaymentProfile leaves the stored profile exactly as it was', async () => {
    const p = await profileWith();
    const key = { customerProfileId: p.customerProfileId, customerPaymentProfileId: p.paymentProfileId, unmaskExpirationDate: true };
    const before = ok(await call('getCustomerPaymentProfileRequest', key)).paymentProfile;
    const update = (billTo: Body, creditCard: Body) =>
      call('updateCustomerPaymentProfileRequest', { customerProfileId: p.customerProfileId, paymentProfile: { customerPaymentProfileId: p.paymentProfileId, billTo, payment: { creditCard } }, validationMode: 'liveMode' });

    // The sandbox declines billing ZIP 46282 and card 4000000000000002.
    const byZip = await update({ ...billTo, zip: '46282' }, { cardNumber: 'XXXX1111', expirationDate: '2031-01' });
    expect(first(byZip)).toEqual({ code: 'E00027', text: 'This transaction has been declined.' });
    const declinedFields = byZip.validationDirectResponse.split(',');
    expect([declinedFields[0], declinedFields[2]]).toEqual(['2', '2']);
    const byCard = await update({ ...billTo, firstName: 'Grace' }, { cardNumber: '4000000000000002', expirationDate: '2032-02' });
    expect(first(byCard).code).toBe('E00027');
    expect(ok(await call('getCustomerPaymentProfileRequest', key)).paymentProfile).toEqual(before);
    expect(await auditActions()).not.toContain('payment_profile.update');

    // An approved validation saves the update, validated with the new expiry and the card code sent alongside.
    const approved = ok(await update({ ...billTo, zip: '46201' }, { cardNumber: 'XXXX1111', expirationDate: '2031-01', cardCode: '900' }));
    const fields = approved.validationDirectResponse.split(',');
    expect([fields[0], fields[5], fields[38], fields[50]]).toEqual(['1', 'A', 'M', 'XXXX1111']);
    const after = ok(await call('getCustomerPaymentProfileRequest', key)).paymentProfile;
    expect(after.billTo.zip).toBe('46201');
    expect(after.payment.creditCard.expirationDate).toBe('2031-01');
  });

  it('a declined createCustomerPaymentProfile or createCustomerProfile is never written, not even for the length of the processor call', async () => {
    const { customerProfileId } = await profileWith('5555555555554444');
    const seen = profilesSeenByProcessor();
    const declined = await call('createCustomerPaymentProfileRequest', { customerProfileId, paymentProfile: { billTo: { zip: '46282' }, payment: card('4111111111111111') }, validationMode: 'liveMode' });
    expect(first(declined).code).toBe('E00027');
    expect(ok(await call('getCustomerProfileRequest', { customerProfileId })).profile.paymentProfiles).toHaveLength(1);

    const whole = await call('createCustomerProfileRequest', {
      profile: { email: 'gone@example.com', paymentProfiles: [{ billTo, payment: card('4111111111111111') }, { billTo: { zip: '46282' }, payment: card('5555555555554444') }] },
      validationMode: 'liveMode',
    });
    expect(first(whole).code).toBe('E00027');
    // Both cards were tried, in request order; the first one's approval is reported with the decline.
    expect(whole.validationDirectResponseList.map((r: string) => r.split(',')[0])).toEqual(['1', '2']);
    expect(first(await call('getCustomerProfileRequest', { email: 'gone@example.com' })).code).toBe('E00040');

    // While the processor was deciding, the vault held only the one existing profile.
    expect(seen).toEqual([1, 1, 1]);
    expect((await auditActions()).filter((a) => a === 'payment_profile.create' || a === 'payment_profile.delete')).toHaveLength(1);
  });
});

describe('getHostedProfilePage', () => {
  it('returns a checkout session token the widget API accepts', async () => {
    const p = await profileWith();
    const page = ok(
      await call('getHostedProfilePageRequest', {
        customerProfileId: p.customerProfileId,
        hostedProfileSettings: { setting: [{ settingName: 'hostedProfileIFrameCommunicatorUrl', settingValue: 'http://shop.test/communicator.html' }, { settingName: 'hostedProfileManageOptions', settingValue: 'showPayment' }] },
      }),
    );
    expect(page.token).toMatch(/^cs_/);
    const wallet = await t.app.request('/widget/api/wallet', { headers: { authorization: `Bearer ${page.token}` } });
    expect(wallet.status).toBe(200);
    expect(JSON.stringify(await wallet.json())).toContain(p.paymentProfileId);

    const elsewhere = await call('getHostedProfilePageRequest', { customerProfileId: p.customerProfileId, hostedProfileSettings: { setting: { settingName: 'hostedProfileReturnUrl', settingValue: 'https://evil.test/back' } } });
    expect(first(elsewhere).code).toBe('E00013');
    expect(first(await call('getHostedProfilePageRequest', { customerProfileId: '5' })).code).toBe('E00040');
  });
});
