import { randomBytes } from 'node:crypto';
import { isExpired, luhnValid, routingNumberValid, type PaymentProfileValidation, type PaymentProfileValidationResult } from '@cim/shared';
import { CimError } from '../errors.ts';
import { formatAmount } from './money.ts';
import { callProcessor } from './processor-calls.ts';
import type { TransactionContext } from './transaction-context.ts';
import { auditDecryption, profileSource } from './transaction-sources.ts';

/**
 * Card networks allow a zero-amount account verification for Visa and
 * Mastercard; other brands get the smallest charge instead (0.01), voided at once.
 */
const ZERO_AMOUNT_BRANDS = new Set(['visa', 'mastercard']);

const invalid = (mode: PaymentProfileValidationResult['mode'], reasonCode: number, reasonText: string): PaymentProfileValidationResult => ({
  mode,
  valid: false,
  responseCode: 3,
  reasonCode,
  reasonText,
});

/**
 * testMode checks the stored data without the processor (Luhn, expiry, routing
 * number); liveMode runs a zero-amount (or 0.01) authorisation and voids it.
 * Nothing is recorded as a transaction and nothing is charged.
 */
export async function validatePaymentProfile(ctx: TransactionContext, customerId: string, paymentProfileId: string, input: PaymentProfileValidation): Promise<PaymentProfileValidationResult> {
  const source = await profileSource(ctx, { customerId, paymentProfileId }, input.cvc);
  await auditDecryption(ctx, ctx.store, source);
  const payment = source.reveal();
  const now = ctx.clock.now();
  if (payment.type === 'card') {
    if (!luhnValid(payment.number)) return invalid(input.mode, 6, 'The credit card number is invalid.');
    if (isExpired({ month: payment.expMonth, year: payment.expYear }, now)) return invalid(input.mode, 8, 'The credit card has expired.');
  } else if (!routingNumberValid(payment.routingNumber)) {
    return invalid(input.mode, 9, 'The ABA code is invalid.');
  }
  if (input.mode === 'testMode') {
    return { mode: 'testMode', valid: true, responseCode: 1, reasonCode: 1, reasonText: 'The stored payment data is valid.' };
  }
  if (payment.type !== 'card') throw new CimError('invalid_request', 'liveMode validation is for cards; use testMode for bank accounts.', { field: 'mode' });
  const currency = 'USD';
  const amountMinor = ZERO_AMOUNT_BRANDS.has(payment.brand) ? 0 : 1;
  const reference = `val_${randomBytes(9).toString('hex')}`;
  const result = await callProcessor(reference, () =>
    ctx.processor.authorize({ reference, merchantId: ctx.merchantId, amountMinor, currency, capture: false, payment, billTo: source.billTo }),
  );
  if (result.status === 'approved' || result.status === 'heldForReview') {
    await callProcessor(reference, () =>
      ctx.processor.void({ reference: `${reference}:void`, merchantId: ctx.merchantId, processorTransactionId: result.processorTransactionId ?? '', currency }),
    );
  }
  return {
    mode: 'liveMode',
    valid: result.status === 'approved',
    responseCode: result.responseCode,
    reasonCode: result.reasonCode,
    reasonText: result.reasonText,
    amount: formatAmount(amountMinor, currency),
    ...(result.authCode !== undefined && { authCode: result.authCode }),
    ...(result.avsResult !== undefined && { avsResult: result.avsResult }),
    ...(result.cvcResult !== undefined && { cvcResult: result.cvcResult }),
  };
}
