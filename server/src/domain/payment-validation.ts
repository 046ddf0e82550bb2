import { randomBytes } from 'node:crypto';
import { isExpired, luhnValid, routingNumberValid, type Address, type PaymentProfileValidation, type PaymentProfileValidationResult } from '@cim/shared';
import { CimError } from '../errors.ts';
import type { PaymentMethod } from '../processor/types.ts';
import { reasonText } from '../processor/reason-codes.ts';
import { audit } from './audit.ts';
import { formatAmount } from './money.ts';
import type { PendingPaymentProfile } from './payment-profiles.ts';
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

/** Validates a stored payment profile (validateCustomerPaymentProfile, POST …/validate). */
export async function validatePaymentProfile(ctx: TransactionContext, customerId: string, paymentProfileId: string, input: PaymentProfileValidation): Promise<PaymentProfileValidationResult> {
  const source = await profileSource(ctx, { customerId, paymentProfileId }, input.cvc);
  await auditDecryption(ctx, ctx.store, source);
  return validatePayment(ctx, input.mode, source.reveal(), source.billTo);
}

/**
 * Validates a payment profile before it is written (validationMode on create and
 * update), so a failed validation leaves the vault as it was. An update may send
 * the stored account to the processor: that counts as a decryption.
 */
export async function validatePendingProfile(ctx: TransactionContext, pending: PendingPaymentProfile, mode: PaymentProfileValidation['mode']): Promise<PaymentProfileValidationResult> {
  if (pending.replacesStored) await audit(ctx, ctx.store, 'payment_profile.decrypt', { type: 'payment_profile', id: pending.view.id });
  return validatePayment(ctx, mode, pending.reveal(), pending.view.billTo);
}

/**
 * A vault-mode widget save (no purchase to prove the card): a liveMode verification before the
 * card is written, so a card the processor refuses is never stored. The refusal names the
 * processor's reason; the number and code never appear in it.
 */
export function verifyBeforeVaulting(ctx: TransactionContext): (pending: PendingPaymentProfile) => Promise<void> {
  return async (pending) => {
    const result = await validatePendingProfile(ctx, pending, 'liveMode');
    if (!result.valid) throw new CimError('card_not_verified', `The card could not be verified: ${result.reasonText}`, { field: 'card.number' });
  };
}

/**
 * testMode checks the data without the processor (Luhn, expiry, routing
 * number); liveMode runs a zero-amount (or 0.01) authorisation and voids it.
 * Nothing is recorded as a transaction and nothing is charged.
 */
async function validatePayment(ctx: TransactionContext, mode: PaymentProfileValidation['mode'], payment: PaymentMethod, billTo: Address): Promise<PaymentProfileValidationResult> {
  const now = ctx.clock.now();
  if (payment.type === 'card') {
    if (!luhnValid(payment.number)) return invalid(mode, 6, reasonText(6));
    if (isExpired({ month: payment.expMonth, year: payment.expYear }, now)) return invalid(mode, 8, reasonText(8));
  } else if (!routingNumberValid(payment.routingNumber)) {
    return invalid(mode, 9, reasonText(9));
  }
  if (mode === 'testMode') {
    return { mode: 'testMode', valid: true, responseCode: 1, reasonCode: 1, reasonText: reasonText(1) };
  }
  if (payment.type !== 'card') throw new CimError('invalid_request', 'liveMode validation is for cards; use testMode for bank accounts.', { field: 'mode' });
  // Authorize.Net's live validation runs AVS, so a card with no billing address to check answers reason 290 instead of approving.
  if (!billTo.address?.trim() && !billTo.zip?.trim()) return invalid(mode, 290, reasonText(290));
  const currency = 'USD';
  const amountMinor = ZERO_AMOUNT_BRANDS.has(payment.brand) ? 0 : 1;
  const reference = `val_${randomBytes(9).toString('hex')}`;
  const processor = await ctx.processors.current();
  const result = await callProcessor(reference, () =>
    processor.authorize({ reference, merchantId: ctx.merchantId, amountMinor, currency, capture: false, payment, billTo }),
  );
  if (result.status === 'approved' || result.status === 'heldForReview') {
    await callProcessor(reference, () =>
      processor.void({ reference: `${reference}:void`, merchantId: ctx.merchantId, processorTransactionId: result.processorTransactionId ?? '', currency }),
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
