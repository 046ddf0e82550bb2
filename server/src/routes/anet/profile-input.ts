import { CUSTOMER_LIMITS, type CustomerCreate } from '@cim/shared';
import type { NewProfilePayment } from '../../domain/customer-profiles.ts';
import { readAddress } from './address.ts';
import { AnetError, invalidError } from './messages.ts';
import { bool, child, oneOf, text, type Json } from './parse.ts';
import { newBankAccount, newCard, readPayment } from './payment-input.ts';

export type ValidationMode = 'none' | 'testMode' | 'liveMode';

/** validationMode; the deprecated oldLiveMode (still in the SDK's enum) validates like liveMode. */
export function readValidationMode(request: Json): ValidationMode {
  const mode = oneOf(request, 'validationMode', ['none', 'testMode', 'liveMode', 'oldLiveMode'] as const) ?? 'none';
  return mode === 'oldLiveMode' ? 'liveMode' : mode;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** customerProfileBaseType: merchantCustomerId, description, email (at least one, else E00041). */
export function readProfileBase(profile: Json): CustomerCreate {
  const merchantCustomerId = text(profile, 'merchantCustomerId', CUSTOMER_LIMITS.merchantCustomerId);
  const description = text(profile, 'description', CUSTOMER_LIMITS.description);
  const email = text(profile, 'email', CUSTOMER_LIMITS.email);
  if (email !== undefined && !EMAIL.test(email)) throw invalidError('Email');
  if (!merchantCustomerId && !description && !email) throw new AnetError('E00041');
  return {
    ...(merchantCustomerId !== undefined && { merchantCustomerId }),
    ...(description !== undefined && { description }),
    ...(email !== undefined && { email }),
  };
}

export const readCustomerType = (pp: Json) => oneOf(pp, 'customerType', ['individual', 'business'] as const) ?? null;

/** customerPaymentProfileType for a new profile: the full card or bank account is required. */
export function readNewPaymentProfile(pp: Json): NewProfilePayment {
  const billTo = readAddress(child(pp, 'billTo'));
  const payment = readPayment(child(pp, 'payment'));
  if (!payment) throw new AnetError('E00029');
  const base = { billTo, customerType: readCustomerType(pp), isDefault: bool(pp, 'defaultPaymentProfile') ?? false };
  if (payment.kind === 'card') return { ...base, card: newCard(payment) };
  if (payment.kind === 'bankAccount') return { ...base, bankAccount: newBankAccount(payment) };
  throw invalidError('Payment (opaqueData is accepted only by createTransactionRequest)');
}
