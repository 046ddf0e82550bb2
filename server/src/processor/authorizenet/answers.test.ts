import { describe, expect, it } from 'vitest';
import { ProcessorTimeoutError } from '../types.ts';
import { detailsResult, transactionResult } from './answers.ts';

/** Answers as Authorize.Net's JSON API gives them (fields, order and string types as on the wire). */
const FIXTURES = {
  approved: {
    transactionResponse: {
      responseCode: '1', authCode: 'HW617E', avsResultCode: 'Y', cvvResultCode: 'M', cavvResultCode: '2', transId: '60006537898', refTransID: '', transHash: '',
      testRequest: '0', accountNumber: 'XXXX0015', accountType: 'Mastercard', messages: [{ code: '1', description: 'This transaction has been approved.' }],
      transHashSha2: '', SupplementalDataQualificationIndicator: 0, networkTransId: '123456789NNNH',
    },
    refId: '123456',
    messages: { resultCode: 'Ok', message: [{ code: 'I00001', text: 'Successful.' }] },
  },
  declined: {
    transactionResponse: {
      responseCode: '2', authCode: '000000', avsResultCode: 'P', cvvResultCode: '', cavvResultCode: '', transId: '60006537899', refTransID: '', transHash: '',
      testRequest: '0', accountNumber: 'XXXX0027', accountType: 'Visa', errors: [{ errorCode: '2', errorText: 'This transaction has been declined.' }], transHashSha2: '',
    },
    messages: { resultCode: 'Error', message: [{ code: 'E00027', text: 'The transaction was unsuccessful.' }] },
  },
  avsDecline: {
    transactionResponse: {
      responseCode: '2', authCode: '', avsResultCode: 'N', cvvResultCode: 'M', transId: '60006537901', accountNumber: 'XXXX1111', accountType: 'Visa',
      errors: [{ errorCode: '27', errorText: 'The transaction has been declined because of an AVS mismatch. The address provided does not match billing address of cardholder.' }],
    },
    messages: { resultCode: 'Error', message: [{ code: 'E00027', text: 'The transaction was unsuccessful.' }] },
  },
  cvvDecline: {
    transactionResponse: {
      responseCode: '2', authCode: '', avsResultCode: 'Y', cvvResultCode: 'N', transId: '60006537902', accountNumber: 'XXXX1111', accountType: 'Visa',
      errors: [{ errorCode: '44', errorText: 'This transaction has been declined.' }],
    },
    messages: { resultCode: 'Error', message: [{ code: 'E00027', text: 'The transaction was unsuccessful.' }] },
  },
  error: {
    transactionResponse: {
      responseCode: '3', authCode: '', avsResultCode: 'P', cvvResultCode: '', cavvResultCode: '', transId: '0', refTransID: '', transHash: '', testRequest: '0',
      accountNumber: 'XXXX1111', accountType: 'Visa', errors: [{ errorCode: '6', errorText: 'The credit card number is invalid.' }, { errorCode: '33', errorText: 'Zip cannot be left blank.' }],
    },
    messages: { resultCode: 'Error', message: [{ code: 'E00027', text: 'The transaction was unsuccessful.' }] },
  },
  held: {
    transactionResponse: {
      responseCode: '4', authCode: 'R4ND0M', avsResultCode: 'Y', cvvResultCode: 'P', transId: '60006537903', accountNumber: 'XXXX1111', accountType: 'Visa',
      messages: [{ code: '253', description: 'Your order has been received. Thank you for your business!' }],
    },
    messages: { resultCode: 'Ok', message: [{ code: 'I00001', text: 'Successful.' }] },
  },
  authenticationFailed: { messages: { resultCode: 'Error', message: [{ code: 'E00007', text: 'User authentication failed due to invalid authentication values.' }] } },
  gatewayFailure: { messages: { resultCode: 'Error', message: [{ code: 'E00001', text: 'An error occurred during processing. Please try again.' }] } },
  alreadyCaptured: {
    transactionResponse: { responseCode: '1', authCode: 'HW617E', avsResultCode: 'P', cvvResultCode: '', transId: '60006537898', refTransID: '60006537898', messages: [{ code: '311', description: 'This transaction has already been captured.' }] },
    messages: { resultCode: 'Ok', message: [{ code: 'I00001', text: 'Successful.' }] },
  },
};

describe('Authorize.Net answers → CIM results', () => {
  it('approved: transId, auth code, AVS and card-code letters', () => {
    expect(transactionResult(FIXTURES.approved)).toEqual({
      status: 'approved', responseCode: 1, reasonCode: 1, reasonText: 'This transaction has been approved.',
      authCode: 'HW617E', avsResult: 'Y', cvcResult: 'M', processorTransactionId: '60006537898',
    });
  });

  it('declined: the reason from errors, the finer decline code where the reason says it', () => {
    expect(transactionResult(FIXTURES.declined)).toEqual({
      status: 'declined', responseCode: 2, reasonCode: 2, reasonText: 'This transaction has been declined.', declineCode: 'generic',
      authCode: '000000', avsResult: 'P', processorTransactionId: '60006537899',
    });
    expect(transactionResult(FIXTURES.avsDecline)).toMatchObject({ status: 'declined', reasonCode: 27, declineCode: 'avsMismatch', avsResult: 'N', cvcResult: 'M' });
    expect(transactionResult(FIXTURES.cvvDecline)).toMatchObject({ status: 'declined', reasonCode: 44, declineCode: 'cvcMismatch', cvcResult: 'N' });
  });

  it('error (3): the first error of the errors array, no transaction id for transId "0"', () => {
    const result = transactionResult(FIXTURES.error);
    expect(result).toEqual({ status: 'error', responseCode: 3, reasonCode: 6, reasonText: 'The credit card number is invalid.', avsResult: 'P' });
    expect(result.declineCode).toBeUndefined();
  });

  it('held for review (4): reason 253 and the transaction id to review later', () => {
    expect(transactionResult(FIXTURES.held)).toEqual({
      status: 'heldForReview', responseCode: 4, reasonCode: 253, reasonText: 'Your order has been received. Thank you for your business!',
      authCode: 'R4ND0M', avsResult: 'Y', cvcResult: 'P', processorTransactionId: '60006537903',
    });
  });

  it('a second capture is approved with 311, as Authorize.Net answers it', () => {
    expect(transactionResult(FIXTURES.alreadyCaptured)).toMatchObject({ status: 'approved', reasonCode: 311, processorTransactionId: '60006537898' });
  });

  it('a refused request is a definite error (bad credentials: reason 13); the gateway failing (E00001) is an unknown outcome', () => {
    expect(transactionResult(FIXTURES.authenticationFailed)).toMatchObject({ status: 'error', responseCode: 3, reasonCode: 13, reasonText: expect.stringContaining('E00007') });
    expect(() => transactionResult(FIXTURES.gatewayFailure)).toThrow(ProcessorTimeoutError);
    expect(() => transactionResult({})).toThrow(ProcessorTimeoutError);
    expect(() => transactionResult({ transactionResponse: { responseCode: '9' }, messages: { resultCode: 'Ok', message: [] } })).toThrow(ProcessorTimeoutError);
  });

  it('getTransactionDetails: the stored outcome of a transaction whose answer was lost', () => {
    const transaction = {
      transId: '60006537898', submitTimeUTC: '2026-06-15T12:00:00Z', transactionType: 'authCaptureTransaction', transactionStatus: 'capturedPendingSettlement',
      responseCode: 1, responseReasonCode: 1, responseReasonDescription: 'Approval', authCode: 'HW617E', AVSResponse: 'Y', cardCodeResponse: 'M',
      order: { invoiceNumber: '4813920575' }, authAmount: 12.5, settleAmount: 12.5,
    };
    expect(detailsResult(transaction)).toEqual({
      status: 'approved', responseCode: 1, reasonCode: 1, reasonText: 'Approval', authCode: 'HW617E', avsResult: 'Y', cvcResult: 'M', processorTransactionId: '60006537898',
    });
    expect(detailsResult({ ...transaction, responseCode: 2, responseReasonCode: 2, responseReasonDescription: 'Declined', authCode: '' })).toMatchObject({ status: 'declined', declineCode: 'generic' });
  });
});
