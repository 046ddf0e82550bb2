import type { PaymentProfileUpdate, PaymentProfileView } from '@cim/shared';
import { listCardsExpiringIn } from '../../domain/customer-profiles.ts';
import { requireCustomer } from '../../domain/customers.ts';
import { addPaymentProfile, deletePaymentProfile, getPaymentProfile, revealPaymentProfile, updatePaymentProfile } from '../../domain/payment-profiles.ts';
import { getShippingAddress } from '../../domain/shipping-addresses.ts';
import { customerView } from '../../domain/views.ts';
import { CimError } from '../../errors.ts';
import { readAddress, replacingAddress, writeAddress } from './address.ts';
import { isDomainError } from './domain-errors.ts';
import { AnetError, invalidError, requiredError, schemaError } from './messages.ts';
import { withErrorFields, type AnetCall, type AnetHandler } from './operation.ts';
import { bool, child, int, oneOf, requiredId, requiredText, text, type Json } from './parse.ts';
import { readPayment, type PaymentInput } from './payment-input.ts';
import { readCustomerType, readNewPaymentProfile, readValidationMode, type ValidationMode } from './profile-input.ts';
import { validateProfile, validationBeforeWrite } from './validation.ts';
import { maskedPayment, paymentProfileMasked } from './views.ts';

/** validationMode for one payment profile; the customer's ids go into the direct response. */
async function validationStep(call: AnetCall, mode: ValidationMode, customerId: string) {
  const customer = mode === 'none' ? {} : customerView(await requireCustomer(call.ctx, call.ctx.store, customerId));
  const { beforeWrite, responses } = validationBeforeWrite(call, mode, customer, 'validationDirectResponse');
  return { beforeWrite, answer: () => (responses.length > 0 ? { validationDirectResponse: responses[0]! } : {}) };
}

export const createCustomerPaymentProfile: AnetHandler = async (call) => {
  const { request, ctx } = call;
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const pp = child(request, 'paymentProfile');
  if (!pp) throw requiredError('Payment Profile');
  const input = readNewPaymentProfile(pp);
  const mode = readValidationMode(request);
  return withErrorFields(
    async () => {
      const validation = await validationStep(call, mode, customerProfileId);
      const view = await addPaymentProfile(ctx, customerProfileId, { ...input, customerType: input.customerType ?? undefined }, validation.beforeWrite);
      return { customerProfileId, customerPaymentProfileId: view.id, ...validation.answer() };
    },
    // A duplicate answers with the existing payment profile's id, as the real service does.
    (error) => (isDomainError(error) && error.code === 'duplicate_payment_profile' && error.existingId ? { customerProfileId, customerPaymentProfileId: error.existingId } : {}),
  );
};

export const getCustomerPaymentProfile: AnetHandler = async ({ request, ctx }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const id = requiredId(request, 'customerPaymentProfileId', 'Customer Payment Profile ID');
  const options = { unmaskExpirationDate: bool(request, 'unmaskExpirationDate'), includeIssuerInfo: bool(request, 'includeIssuerInfo') };
  const view = await getPaymentProfile(ctx, customerProfileId, id, { bin: options.includeIssuerInfo === true });
  return { paymentProfile: paymentProfileMasked(view, options, true) };
};

/** searchType cardsExpiringInMonth: the cards expiring in `month`, sorted by id, one page at a time. */
export const getCustomerPaymentProfileList: AnetHandler = async ({ request, ctx }) => {
  const searchType = oneOf(request, 'searchType', ['cardsExpiringInMonth'] as const);
  if (!searchType) throw requiredError('Search Type');
  const month = requiredText(request, 'month', 'Month', 7);
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw schemaError('month', 'A month as YYYY-MM was expected.');
  const sorting = child(request, 'sorting');
  oneOf(sorting, 'orderBy', ['id'] as const);
  const paging = child(request, 'paging');
  const page = { limit: int(paging, 'limit', 1, 1000) ?? 1000, offset: int(paging, 'offset', 1, 100000) ?? 1, descending: bool(sorting, 'orderDescending') ?? false };
  const result = await listCardsExpiringIn(ctx, { year: Number(m[1]), month: Number(m[2]) }, page);
  return {
    totalNumInResultSet: result.total,
    paymentProfiles: result.rows.map((p) => ({
      ...(p.isDefault && { defaultPaymentProfile: true }),
      customerPaymentProfileId: p.id,
      customerProfileId: p.customerId,
      billTo: writeAddress(p.billTo),
      payment: maskedPayment(p),
    })),
  };
};

export const validateCustomerPaymentProfile: AnetHandler = async (call) => {
  const { request, ctx } = call;
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const id = requiredId(request, 'customerPaymentProfileId', 'Customer Payment Profile ID');
  const shippingId = text(request, 'customerShippingAddressId');
  const cardCode = text(request, 'cardCode', 4);
  const mode = oneOf(request, 'validationMode', ['testMode', 'liveMode'] as const);
  if (!mode) throw requiredError('Validation Mode');
  const customer = customerView(await requireCustomer(ctx, ctx.store, customerProfileId));
  const profile = await getPaymentProfile(ctx, customerProfileId, id);
  let shipTo;
  if (shippingId !== undefined) {
    try {
      shipTo = await getShippingAddress(ctx, customerProfileId, shippingId);
    } catch (error) {
      if (error instanceof CimError && error.code === 'not_found') throw new AnetError('E00098');
      throw error;
    }
  }
  return { directResponse: await validateProfile(call, mode, { customer, profile, shipTo, cardCode }) };
};

/** The domain patch for a `payment` element; masked numbers and "XXXX" expiry keep what is stored. */
async function paymentPatch(call: AnetCall, current: PaymentProfileView, payment: PaymentInput): Promise<Pick<PaymentProfileUpdate, 'card' | 'bankAccount'>> {
  if (payment.kind === 'card') {
    if (!current.card) throw invalidError('Payment (this payment profile is a bank account)');
    if (payment.maskedLast4 !== null && payment.maskedLast4 !== current.card.last4) throw invalidError('Card Number');
    const expiry = payment.expiry ?? { expMonth: current.card.expMonth, expYear: current.card.expYear };
    if (payment.number === null && payment.expiry === null) return {};
    return { card: { ...(payment.number !== null && { number: payment.number }), ...expiry, ...(payment.cvc !== undefined && { cvc: payment.cvc }) } };
  }
  if (payment.kind === 'bankAccount') {
    const bank = current.bankAccount;
    if (!bank) throw invalidError('Payment (this payment profile is a card)');
    // Masked numbers keep the stored ones; the domain replaces bank details whole, so they are read back first.
    const stored = payment.routingNumber === null || payment.accountNumber === null ? await revealPaymentProfile(call.ctx, current.id) : null;
    return {
      bankAccount: {
        accountType: payment.accountType,
        routingNumber: payment.routingNumber ?? stored!.routingNumber ?? '',
        accountNumber: payment.accountNumber ?? stored!.number,
        nameOnAccount: payment.nameOnAccount ?? bank.nameOnAccount,
        ...((payment.bankName ?? bank.bankName) !== undefined && { bankName: payment.bankName ?? bank.bankName }),
      },
    };
  }
  throw invalidError('Payment (opaqueData is accepted only by createTransactionRequest)');
}

/** Replaces billTo and customerType (left-out fields are erased); the masked card number keeps the stored card. */
export const updateCustomerPaymentProfile: AnetHandler = async (call) => {
  const { request, ctx } = call;
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const pp: Json | undefined = child(request, 'paymentProfile');
  if (!pp) throw requiredError('Payment Profile');
  const id = requiredId(pp, 'customerPaymentProfileId', 'Customer Payment Profile ID');
  const billTo = replacingAddress(readAddress(child(pp, 'billTo')));
  const customerType = readCustomerType(pp);
  const payment = readPayment(child(pp, 'payment'));
  const isDefault = bool(pp, 'defaultPaymentProfile');
  const mode = readValidationMode(request);
  const current = await getPaymentProfile(ctx, customerProfileId, id);
  const patch: PaymentProfileUpdate = {
    ...(payment && (await paymentPatch(call, current, payment))),
    billTo,
    ...(customerType !== null && { customerType }),
    ...(isDefault === true && { isDefault: true }),
  };
  const validation = await validationStep(call, mode, customerProfileId);
  await updatePaymentProfile(ctx, customerProfileId, id, patch, validation.beforeWrite);
  return validation.answer();
};

export const deleteCustomerPaymentProfile: AnetHandler = async ({ request, ctx }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  await deletePaymentProfile(ctx, customerProfileId, requiredId(request, 'customerPaymentProfileId', 'Customer Payment Profile ID'));
  return {};
};
