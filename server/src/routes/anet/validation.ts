import { isExpired, type Address, type CustomerView, type PaymentProfileView } from '@cim/shared';
import { buildDirectResponse, type DirectResponseInput } from './direct-response.ts';
import { AnetError } from './messages.ts';
import type { AnetCall } from './operation.ts';
import { cardTypeName } from './views.ts';

export interface ValidationTarget {
  customer: Pick<CustomerView, 'merchantCustomerId' | 'email'>;
  profile: PaymentProfileView;
  shipTo?: Address | undefined;
  cardCode?: string | undefined;
}

/** The direct-response fields that describe the account and its owner. */
export function accountFields(t: ValidationTarget): Pick<DirectResponseInput, 'method' | 'customerId' | 'billTo' | 'email' | 'shipTo' | 'accountNumber' | 'cardType'> {
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

/**
 * testMode validation: the stored details are checked (format and expiry were
 * checked when the card was saved; expiry is checked again here) and a test
 * direct response is returned, as Authorize.Net does, without contacting a processor.
 */
function testModeResponse(call: AnetCall, t: ValidationTarget): string {
  const card = t.profile.card;
  if (card && isExpired({ month: card.expMonth, year: card.expYear }, call.ctx.clock.now())) {
    const directResponse = buildDirectResponse({
      ...accountFields(t),
      responseCode: '3',
      reasonCode: '8',
      reasonText: 'The credit card has expired.',
      transId: '0',
      description: 'Test transaction for ValidateCustomerPaymentProfile.',
      amount: '0.00',
      type: 'auth_only',
    });
    throw new AnetError('E00027', 'The credit card has expired.', { directResponse });
  }
  return buildDirectResponse({
    ...accountFields(t),
    responseCode: '1',
    reasonCode: '1',
    reasonText: 'This transaction has been approved.',
    authCode: '000000',
    avsResultCode: 'P',
    transId: '0',
    description: 'Test transaction for ValidateCustomerPaymentProfile.',
    amount: '0.00',
    type: 'auth_only',
  });
}

/** Validates a stored payment profile and returns the direct response; a decline throws E00027 carrying it. */
export async function validateProfile(call: AnetCall, mode: 'testMode' | 'liveMode', t: ValidationTarget): Promise<string> {
  if (mode === 'testMode') return testModeResponse(call, t);
  return liveModeResponse(call, t);
}

// TEMP-LIVEMODE: replaced by the processor-backed validation when domain/transactions.ts lands.
const liveModeResponse = async (call: AnetCall, t: ValidationTarget): Promise<string> => testModeResponse(call, t);
