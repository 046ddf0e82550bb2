import type { Address, CustomerView, PaymentProfileValidationResult, PaymentProfileView } from '@cim/shared';
import type { BeforeWrite } from '../../domain/payment-profiles.ts';
import { validatePaymentProfile, validatePendingProfile } from '../../domain/payment-validation.ts';
import { buildDirectResponse, type DirectResponseInput } from './direct-response.ts';
import { AnetError } from './messages.ts';
import type { AnetCall } from './operation.ts';
import type { ValidationMode } from './profile-input.ts';
import { transactionContext } from './transactions.ts';
import { cardTypeName } from './views.ts';

type ValidatedCustomer = Pick<CustomerView, 'merchantCustomerId' | 'email'>;

export interface ValidationTarget {
  customer: ValidatedCustomer;
  profile: PaymentProfileView;
  shipTo?: Address | undefined;
  cardCode?: string | undefined;
}

/** The direct-response fields that describe the account and its owner. */
function accountFields(t: ValidationTarget): Pick<DirectResponseInput, 'method' | 'customerId' | 'billTo' | 'email' | 'shipTo' | 'accountNumber' | 'cardType'> {
  const p = t.profile;
  return {
    method: p.card ? 'CC' : 'ECHECK',
    customerId: t.customer.merchantCustomerId,
    billTo: p.billTo,
    email: t.customer.email,
    shipTo: t.shipTo,
    accountNumber: `XXXX${p.card ? p.card.last4 : p.bankAccount!.accountLast4}`,
    cardType: p.card ? cardTypeName(p.card.brand) : '',
  };
}

function directResponseOf(t: ValidationTarget, r: PaymentProfileValidationResult): string {
  const approved = r.responseCode === 1;
  return buildDirectResponse({
    ...accountFields(t),
    responseCode: String(r.responseCode) as DirectResponseInput['responseCode'],
    reasonCode: String(r.reasonCode),
    // testMode approvals read as Authorize.Net's do; anything else keeps the processor's (or the check's) reason.
    reasonText: approved ? 'This transaction has been approved.' : r.reasonText,
    authCode: r.authCode ?? (approved && r.mode === 'testMode' ? '000000' : ''),
    avsResultCode: r.avsResult ?? 'P',
    transId: '0',
    description: 'Test transaction for ValidateCustomerPaymentProfile.',
    amount: r.amount ?? '0.00',
    type: 'auth_only',
    cardCodeResponse: r.cvcResult,
  });
}

/**
 * Validates a stored payment profile. testMode checks the stored data (Luhn,
 * expiry, routing number) without a processor; liveMode runs a zero-amount (or
 * 0.01) authorisation through the processor and voids it. Returns the 68-field
 * direct response; a failed validation throws E00027 carrying it.
 */
export async function validateProfile(call: AnetCall, mode: 'testMode' | 'liveMode', t: ValidationTarget): Promise<string> {
  const result = await validatePaymentProfile(transactionContext(call), t.profile.customerId, t.profile.id, { mode, ...(t.cardCode !== undefined && { cvc: t.cardCode }) });
  const directResponse = directResponseOf(t, result);
  if (!result.valid) throw new AnetError('E00027', result.reasonText, { directResponse });
  return directResponse;
}

/**
 * validationMode on a create or update: the same checks on each new payment
 * profile before it is written (Authorize.Net keeps nothing that failed
 * validation), so E00027 leaves the vault as it was. `responses` collects the
 * direct responses in order; a failure answers them under `field`.
 */
export function validationBeforeWrite(call: AnetCall, mode: ValidationMode, customer: ValidatedCustomer, field: 'validationDirectResponse' | 'validationDirectResponseList') {
  const responses: string[] = [];
  const beforeWrite: BeforeWrite | undefined =
    mode === 'none'
      ? undefined
      : async (pending) => {
          const result = await validatePendingProfile(transactionContext(call), pending, mode);
          responses.push(directResponseOf({ customer, profile: pending.view }, result));
          if (!result.valid) throw new AnetError('E00027', result.reasonText, { [field]: field === 'validationDirectResponse' ? responses.at(-1) : responses });
        };
  return { beforeWrite, responses };
}
