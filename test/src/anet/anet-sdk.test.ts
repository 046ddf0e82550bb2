/**
 * A full CIM lifecycle driven through Authorize.Net's official Node SDK (npm
 * `authorizenet`), written the way its sample code is, against a real CIM server
 * on 127.0.0.1. The only change from talking to Authorize.Net is the endpoint URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSchedulerOnce } from '../../../server/src/scheduler.ts';
import { Contracts as C, firstMessage } from './sdk-client.ts';
import { address, card, errorCode, ok, startSdkServer, type SdkServer } from './sdk-server.ts';

let sdk: SdkServer;
let endpoint: string;
let merchant: SdkServer['merchant'];
let env: SdkServer['env'];
let run: SdkServer['run'];

beforeAll(async () => {
  sdk = await startSdkServer();
  ({ endpoint, merchant, env, run } = sdk);
});

afterAll(async () => {
  await sdk.close();
});

function paymentProfile(number: string, billTo: Record<string, string>, isDefault = false) {
  const p = new C.CustomerPaymentProfileType();
  p.setCustomerType(C.CustomerTypeEnum.INDIVIDUAL);
  p.setPayment(card(number));
  p.setBillTo(address(billTo));
  if (isDefault) p.setDefaultPaymentProfile(true);
  return p;
}

const billAda = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Analytical St', city: 'London', state: 'LN', zip: '12345', country: 'GB' };

describe('Authorize.Net SDK against CIM', () => {
  let profileId: string;
  let paymentIds: string[];
  let shippingId: string;

  it('authenticates, and refuses a wrong transaction key with E00007', async () => {
    ok(await run('authenticateTest'));
    expect(errorCode(await run('authenticateTest', {}, 'not-the-key'))).toBe('E00007');
    expect(errorCode(await run('getCustomerProfileIds', {}, 'not-the-key'))).toBe('E00007');
  });

  it('creates a customer profile with two cards and a shipping address (testMode)', async () => {
    const profile = new C.CustomerProfileType();
    profile.setMerchantCustomerId('SDK-1');
    profile.setDescription('SDK customer');
    profile.setEmail('sdk@example.com');
    profile.setPaymentProfiles([paymentProfile('4111111111111111', billAda, true), paymentProfile('5424000000000015', { ...billAda, firstName: 'Augusta' })]);
    profile.setShipToList([address({ firstName: 'Ada', lastName: 'Lovelace', address: '2 Engine Rd', city: 'London', zip: '54321', phoneNumber: '555-0100' })]);
    const response = ok(await run('createCustomerProfile', { profile, validationMode: C.ValidationModeEnum.TESTMODE, refId: 'ref-1' }));
    profileId = response.getCustomerProfileId();
    paymentIds = response.getCustomerPaymentProfileIdList().getNumericString().map(String);
    shippingId = String(response.getCustomerShippingAddressIdList().getNumericString()[0]);
    expect(profileId).toMatch(/^\d+$/);
    expect(paymentIds).toHaveLength(2);
    expect(response.getRefId()).toBe('ref-1');
    const directs = response.getValidationDirectResponseList().getString().map(String);
    expect(directs).toHaveLength(2);
    expect(directs[0].split(',')).toHaveLength(68);
    expect(directs.map((d: string) => d.split(',')[50]).sort()).toEqual(['XXXX0015', 'XXXX1111']);
  });

  it('refuses the same profile again with E00039 naming the existing id', async () => {
    const profile = new C.CustomerProfileType();
    profile.setMerchantCustomerId('SDK-1');
    profile.setDescription('SDK customer');
    profile.setEmail('sdk@example.com');
    const response = await run('createCustomerProfile', { profile });
    expect(firstMessage(response)).toEqual({ resultCode: 'Error', code: 'E00039', text: `A duplicate record with ID ${profileId} already exists.` });
  });

  it('reads the profile masked, by id and by merchantCustomerId, and lists ids', async () => {
    const byId = ok(await run('getCustomerProfile', { customerProfileId: profileId }));
    const profile = byId.getProfile();
    expect(profile.getMerchantCustomerId()).toBe('SDK-1');
    const first = profile.getPaymentProfiles().find((p: any) => p.getCustomerPaymentProfileId() === paymentIds[0]);
    expect(first.getPayment().getCreditCard().getCardNumber()).toBe('XXXX1111');
    expect(first.getPayment().getCreditCard().getExpirationDate()).toBe('XXXX');
    expect(first.getBillTo().getFirstName()).toBe('Ada');
    expect(profile.getShipToList()[0].getCustomerAddressId()).toBe(shippingId);

    const unmasked = ok(await run('getCustomerProfile', { merchantCustomerId: 'SDK-1', unmaskExpirationDate: true }));
    expect(unmasked.getProfile().getPaymentProfiles().map((p: any) => p.getPayment().getCreditCard().getExpirationDate())).toEqual(['2030-12', '2030-12']);

    const ids = ok(await run('getCustomerProfileIds')).getIds().getNumericString().map(String);
    expect(ids).toContain(profileId);
  });

  it('shares the vault with /v1 both ways', async () => {
    const v1 = (path: string, init: RequestInit = {}) =>
      fetch(endpoint.replace('/xml/v1/request.api', path), { ...init, headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' } });
    const viaRest = (await (await v1(`/v1/customers/${profileId}`)).json()) as { merchantCustomerId: string; paymentProfiles: unknown[] };
    expect(viaRest.merchantCustomerId).toBe('SDK-1');
    expect(viaRest.paymentProfiles).toHaveLength(2);
    const rest = (await (await v1('/v1/customers', { method: 'POST', body: JSON.stringify({ email: 'rest@example.com' }) })).json()) as { id: string };
    const seen = ok(await run('getCustomerProfile', { customerProfileId: rest.id }));
    expect(seen.getProfile().getEmail()).toBe('rest@example.com');
  });

  it('updates the profile', async () => {
    const profile = new C.CustomerProfileExType();
    profile.setCustomerProfileId(profileId);
    profile.setMerchantCustomerId('SDK-1');
    profile.setDescription('Updated by the SDK');
    profile.setEmail('sdk@example.com');
    ok(await run('updateCustomerProfile', { profile }));
    expect(ok(await run('getCustomerProfile', { customerProfileId: profileId })).getProfile().getDescription()).toBe('Updated by the SDK');
  });

  it('adds, reads, validates and updates a payment profile; a duplicate answers E00039 with the existing ids', async () => {
    const created = ok(await run('createCustomerPaymentProfile', { customerProfileId: profileId, paymentProfile: paymentProfile('370000000000002', { ...billAda, firstName: 'Charles' }), validationMode: 'testMode' }));
    const id = String(created.getCustomerPaymentProfileId());
    paymentIds.push(id);
    expect(created.getValidationDirectResponse().split(',')[51]).toBe('AmericanExpress');

    const dup = await run('createCustomerPaymentProfile', { customerProfileId: profileId, paymentProfile: paymentProfile('370000000000002', { ...billAda, firstName: 'Charles' }) });
    expect(errorCode(dup)).toBe('E00039');
    expect(String(dup.getCustomerPaymentProfileId())).toBe(id);

    const got = ok(await run('getCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: id, includeIssuerInfo: true }));
    expect(got.getPaymentProfile().getPayment().getCreditCard().getCardNumber()).toBe('XXXX0002');
    expect(got.getPaymentProfile().getPayment().getCreditCard().getIssuerNumber()).toBe('370000');

    const validated = ok(await run('validateCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: id, validationMode: 'testMode' }));
    expect(validated.getDirectResponse().split(',').slice(0, 4)).toEqual(['1', '1', '1', 'This transaction has been approved.']);

    // Sending back the masked number keeps the stored card; only the expiry changes.
    const update = new C.CustomerPaymentProfileExType();
    update.setCustomerPaymentProfileId(id);
    update.setPayment(card('XXXX0002', '2031-07'));
    update.setBillTo(address({ ...billAda, firstName: 'Charles' }));
    ok(await run('updateCustomerPaymentProfile', { customerProfileId: profileId, paymentProfile: update }));
    const after = ok(await run('getCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: id, unmaskExpirationDate: true }));
    expect(after.getPaymentProfile().getPayment().getCreditCard().getCardNumber()).toBe('XXXX0002');
    expect(after.getPaymentProfile().getPayment().getCreditCard().getExpirationDate()).toBe('2031-07');
  });

  it('lists cards expiring in a month with paging and sorting', async () => {
    const sorting = new C.CustomerPaymentProfileSorting();
    sorting.setOrderBy(C.CustomerPaymentProfileOrderFieldEnum.ID);
    sorting.setOrderDescending(false);
    const paging = new C.Paging();
    paging.setLimit(1);
    paging.setOffset(1);
    const response = ok(await run('getCustomerPaymentProfileList', { searchType: C.CustomerPaymentProfileSearchTypeEnum.CARDSEXPIRINGINMONTH, month: '2030-12', sorting, paging }));
    expect(response.getTotalNumInResultSet()).toBe(2);
    const [item] = response.getPaymentProfiles().getPaymentProfile();
    expect(item.getPayment().getCreditCard().getCardNumber()).toMatch(/^XXXX\d{4}$/);
    expect(item.getCustomerProfileId()).toBe(profileId);
  });

  it('manages shipping addresses, with E00039 for a duplicate', async () => {
    const created = ok(await run('createCustomerShippingAddress', { customerProfileId: profileId, address: address({ firstName: 'Ada', lastName: 'Lovelace', address: '3 Mill Lane', zip: '11111' }) }));
    const id = String(created.getCustomerAddressId());
    expect(errorCode(await run('createCustomerShippingAddress', { customerProfileId: profileId, address: address({ firstName: 'Ada', lastName: 'Lovelace', address: '3 Mill Lane', zip: '11111' }) }))).toBe('E00039');
    ok(await run('updateCustomerShippingAddress', { customerProfileId: profileId, address: address({ customerAddressId: id, firstName: 'Ada', lastName: 'Lovelace', address: '4 Mill Lane', zip: '11111' }, C.CustomerAddressExType) }));
    const got = ok(await run('getCustomerShippingAddress', { customerProfileId: profileId, customerAddressId: id }));
    expect(got.getAddress().getAddress()).toBe('4 Mill Lane');
    ok(await run('deleteCustomerShippingAddress', { customerProfileId: profileId, customerAddressId: id }));
    expect(errorCode(await run('getCustomerShippingAddress', { customerProfileId: profileId, customerAddressId: id }))).toBe('E00040');
  });

  it('stops at 10 payment profiles with E00042', async () => {
    const cards = ['4007000000027', '4012888818888', '6011000000000012', '3566111111111113', '38000000000006', '4222222222222', '4111111111111111', '5555555555554444'];
    for (const [i, number] of cards.entries()) {
      const response = await run('createCustomerPaymentProfile', { customerProfileId: profileId, paymentProfile: paymentProfile(number, { firstName: `Card${i}`, zip: '22222' }) });
      if (i < 7) {
        ok(response);
        paymentIds.push(String(response.getCustomerPaymentProfileId()));
      } else expect(firstMessage(response)).toEqual({ resultCode: 'Error', code: 'E00042', text: 'You cannot add more than 10 payment profiles.' });
    }
  });

  function transactionRequest(type: string, amount?: string) {
    const request = new C.TransactionRequestType();
    request.setTransactionType(type);
    if (amount !== undefined) request.setAmount(amount);
    return request;
  }

  function storedProfile(paymentProfileId: string, cardCode?: string) {
    const paymentProfile = new C.PaymentProfile();
    paymentProfile.setPaymentProfileId(paymentProfileId);
    if (cardCode) paymentProfile.setCardCode(cardCode);
    const profile = new C.CustomerProfilePaymentType();
    profile.setCustomerProfileId(profileId);
    profile.setPaymentProfile(paymentProfile);
    return profile;
  }

  it('validates a stored card in liveMode through the processor', async () => {
    const response = ok(await run('validateCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: paymentIds[0], cardCode: '123', validationMode: 'liveMode' }));
    const fields = response.getDirectResponse().split(',');
    expect(fields.slice(0, 4)).toEqual(['1', '1', '1', 'This transaction has been approved.']);
    expect(fields[50]).toBe('XXXX1111');
  });

  it('charges a stored profile, then captures, refunds and voids by refTransId', async () => {
    const sale = transactionRequest(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION, '10.00');
    sale.setProfile(storedProfile(paymentIds[0]!, '123'));
    const charged = ok(await run('createTransaction', { transactionRequest: sale }));
    const tr = charged.getTransactionResponse();
    expect(tr.getResponseCode()).toBe('1');
    expect(tr.getAccountNumber()).toBe('XXXX1111');
    expect(tr.getMessages().getMessage()[0].getDescription()).toBe('This transaction has been approved.');
    expect(tr.getProfile().getCustomerProfileId()).toBe(profileId);

    const auth = transactionRequest(C.TransactionTypeEnum.AUTHONLYTRANSACTION, '25.00');
    auth.setProfile(storedProfile(paymentIds[1]!));
    const authId = ok(await run('createTransaction', { transactionRequest: auth })).getTransactionResponse().getTransId();
    const capture = transactionRequest(C.TransactionTypeEnum.PRIORAUTHCAPTURETRANSACTION);
    capture.setRefTransId(authId);
    expect(ok(await run('createTransaction', { transactionRequest: capture })).getTransactionResponse().getTransId()).toBe(authId);
    const refund = transactionRequest(C.TransactionTypeEnum.REFUNDTRANSACTION, '5.00');
    refund.setRefTransId(authId);
    refund.setPayment(card('XXXX0015', 'XXXX'));
    // Not settled yet: reason 54, as Authorize.Net answers (void it instead).
    const early = await run('createTransaction', { transactionRequest: refund });
    expect(errorCode(early)).toBe('E00027');
    expect(early.getTransactionResponse().getErrors().getError()[0].getErrorCode()).toBe('54');
    // Past the merchant's cut-off (00:00 UTC by default), the scheduler's round closes the batch.
    env.clock.advance(12 * 3_600_000);
    await runSchedulerOnce(env.deps);
    expect(ok(await run('createTransaction', { transactionRequest: refund })).getTransactionResponse().getRefTransID()).toBe(authId);

    const other = transactionRequest(C.TransactionTypeEnum.AUTHONLYTRANSACTION, '3.00');
    other.setProfile(storedProfile(paymentIds[0]!));
    const otherId = ok(await run('createTransaction', { transactionRequest: other })).getTransactionResponse().getTransId();
    const voiding = transactionRequest(C.TransactionTypeEnum.VOIDTRANSACTION);
    voiding.setRefTransId(otherId);
    ok(await run('createTransaction', { transactionRequest: voiding }));
    // Voiding it again is not an error: Ok, the original transId and message 310, as Authorize.Net answers.
    const twice = ok(await run('createTransaction', { transactionRequest: voiding })).getTransactionResponse();
    expect(twice.getResponseCode()).toBe('1');
    expect(twice.getTransId()).toBe(otherId);
    expect(twice.getMessages().getMessage()[0].getCode()).toBe('310');
    expect(twice.getMessages().getMessage()[0].getDescription()).toBe('This transaction has already been voided.');
  });

  it('charges a one-time card and saves it (createProfile), or saves it afterwards from the transaction', async () => {
    const sale = transactionRequest(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION, '7.25');
    sale.setPayment(card('5555555555554444', '2031-02', '123'));
    const create = new C.CustomerProfilePaymentType();
    create.setCreateProfile(true);
    sale.setProfile(create);
    const customer = new C.CustomerDataType();
    customer.setType(C.CustomerTypeEnum.INDIVIDUAL);
    customer.setId('SDK-ONE-TIME');
    customer.setEmail('once@example.com');
    sale.setCustomer(customer);
    sale.setBillTo(address({ firstName: 'Grace', lastName: 'Hopper', zip: '20001' }));
    const charged = ok(await run('createTransaction', { transactionRequest: sale }));
    const saved = charged.getProfileResponse();
    expect(saved.getMessages().getResultCode()).toBe('Ok');
    expect(saved.getCustomerPaymentProfileIdList().getNumericString()).toHaveLength(1);
    const newProfile = ok(await run('getCustomerProfile', { customerProfileId: saved.getCustomerProfileId() })).getProfile();
    expect(newProfile.getMerchantCustomerId()).toBe('SDK-ONE-TIME');
    ok(await run('deleteCustomerProfile', { customerProfileId: saved.getCustomerProfileId() }));

    const later = transactionRequest(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION, '8.00');
    later.setPayment(card('6011000000000012', '2031-02'));
    const laterCustomer = new C.CustomerDataType();
    laterCustomer.setEmail('later@example.com');
    later.setCustomer(laterCustomer);
    const transId = ok(await run('createTransaction', { transactionRequest: later })).getTransactionResponse().getTransId();
    const fromTx = ok(await run('createCustomerProfileFromTransaction', { transId }));
    expect(fromTx.getCustomerProfileId()).toMatch(/^\d+$/);
    expect(ok(await run('getCustomerProfile', { customerProfileId: fromTx.getCustomerProfileId() })).getProfile().getEmail()).toBe('later@example.com');
  });

  it('answers a declined charge with E00027 and the reason', async () => {
    const sale = transactionRequest(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION, '4.00');
    sale.setPayment(card('4000000000000002'));
    const declined = await run('createTransaction', { transactionRequest: sale });
    expect(firstMessage(declined)).toEqual({ resultCode: 'Error', code: 'E00027', text: 'The transaction was unsuccessful.' });
    expect(declined.getTransactionResponse().getErrors().getError()[0].getErrorText()).toBe('This transaction has been declined.');
  });

  it('gives a hosted profile page token that <cim-checkout> accepts as its session', async () => {
    const setting = new C.SettingType();
    setting.setSettingName(C.SettingNameEnum.HOSTEDPROFILEIFRAMECOMMUNICATORURL);
    setting.setSettingValue('http://shop.test/iframe-communicator.html');
    const settings = new C.ArrayOfSetting();
    settings.setSetting([setting]);
    const page = ok(await run('getHostedProfilePage', { customerProfileId: profileId, hostedProfileSettings: settings }));
    const token = page.getToken();
    expect(token).toMatch(/^cs_/);
    const wallet = await fetch(endpoint.replace('/xml/v1/request.api', '/widget/api/wallet'), { headers: { authorization: `Bearer ${token}` } });
    expect(wallet.status).toBe(200);
  });

  it('answers records that do not exist with E00040', async () => {
    expect(errorCode(await run('getCustomerProfile', { customerProfileId: '1' }))).toBe('E00040');
    expect(errorCode(await run('getCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: '1' }))).toBe('E00040');
  });

  it('deletes a payment profile, then the profile; gets answer E00040 afterwards', async () => {
    const id = paymentIds.pop()!;
    ok(await run('deleteCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: id }));
    expect(errorCode(await run('getCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: id }))).toBe('E00040');
    ok(await run('deleteCustomerProfile', { customerProfileId: profileId }));
    expect(errorCode(await run('getCustomerProfile', { customerProfileId: profileId }))).toBe('E00040');
    expect(errorCode(await run('getCustomerPaymentProfile', { customerProfileId: profileId, customerPaymentProfileId: paymentIds[0] }))).toBe('E00040');
  });
});
