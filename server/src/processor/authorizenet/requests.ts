import type { Address } from '@cim/shared';
import { formatAmount } from '../../domain/money.ts';
import type { AuthorizeRequest, CreditRequest, FollowUpRequest, PaymentMethod, ReviewDecision } from '../types.ts';
import type { Json } from './http.ts';

/*
 * transactionRequestType bodies. Authorize.Net validates JSON against its XSD, element order
 * included, so every object here is built in schema order: transactionType, amount, currencyCode,
 * payment, …, refTransId, order, customer, billTo, shipTo, transactionSettings.
 */

const BILL_TO = ['firstName', 'lastName', 'company', 'address', 'city', 'state', 'zip', 'country', 'phoneNumber'] as const;
/** nameAndAddressType: no phone. */
const SHIP_TO = BILL_TO.slice(0, -1);

function address(a: Address | undefined, fields: readonly (keyof Address)[]): Json | undefined {
  if (!a) return undefined;
  const out: Json = {};
  for (const f of fields) if (a[f]) out[f] = a[f];
  return Object.keys(out).length > 0 ? out : undefined;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The clear payment for the one call: the card code only when the request in flight carries one. */
function payment(p: PaymentMethod): Json {
  if (p.type === 'card') {
    return { creditCard: { cardNumber: p.number, expirationDate: `${p.expYear}-${pad2(p.expMonth)}`, ...(p.cvc !== undefined && { cardCode: p.cvc }) } };
  }
  return { bankAccount: { accountType: p.accountType, routingNumber: p.routingNumber, accountNumber: p.accountNumber, nameOnAccount: p.nameOnAccount.slice(0, 22), echeckType: 'WEB' } };
}

/** Authorize.Net's refund rule: the original account's last four digits, the expiry as XXXX. */
function maskedPayment(account: FollowUpRequest['account']): Json | undefined {
  if (!account) return undefined;
  return account.type === 'card'
    ? { creditCard: { cardNumber: account.last4, expirationDate: 'XXXX' } }
    : { bankAccount: { accountNumber: account.last4 } };
}

/**
 * Our reference goes in invoiceNumber (Authorize.Net keeps it and lists it in its reports), so a
 * lost answer can be found again; the merchant's own order id leads the description.
 */
function order(reference: string, orderId?: string, description?: string): Json {
  const text = [orderId && `Order ${orderId}`, description].filter(Boolean).join(': ').slice(0, 255);
  return { invoiceNumber: reference.slice(0, 20), ...(text && { description: text }) };
}

/** CIM has applied the merchant's duplicate window already; the gateway's must not refuse a charge CIM allowed. */
const NO_DUPLICATE_WINDOW = { setting: [{ settingName: 'duplicateWindow', settingValue: '0' }] };

const currencyCode = (currency: string) => (currency === 'USD' ? {} : { currencyCode: currency });

export function authorizeTransaction(r: AuthorizeRequest): Json {
  const type = r.authCode !== undefined ? 'captureOnlyTransaction' : r.capture ? 'authCaptureTransaction' : 'authOnlyTransaction';
  const billTo = address(r.billTo, BILL_TO);
  const shipTo = address(r.shipTo, SHIP_TO);
  return {
    transactionType: type,
    amount: formatAmount(r.amountMinor, r.currency),
    ...currencyCode(r.currency),
    payment: payment(r.payment),
    ...(r.authCode !== undefined && { authCode: r.authCode }),
    order: order(r.reference, r.orderId, r.description),
    ...(billTo && { billTo }),
    ...(shipTo && { shipTo }),
    transactionSettings: NO_DUPLICATE_WINDOW,
  };
}

export function captureTransaction(r: FollowUpRequest & { amountMinor: number }): Json {
  return { transactionType: 'priorAuthCaptureTransaction', amount: formatAmount(r.amountMinor, r.currency), refTransId: r.processorTransactionId };
}

export function voidTransaction(r: FollowUpRequest): Json {
  return { transactionType: 'voidTransaction', refTransId: r.processorTransactionId };
}

export function refundTransaction(r: FollowUpRequest & { amountMinor: number }): Json {
  const masked = maskedPayment(r.account);
  return {
    transactionType: 'refundTransaction',
    amount: formatAmount(r.amountMinor, r.currency),
    ...currencyCode(r.currency),
    ...(masked && { payment: masked }),
    refTransId: r.processorTransactionId,
    order: order(r.reference),
    transactionSettings: NO_DUPLICATE_WINDOW,
  };
}

/** An unlinked credit: a refund with the full account and no refTransId. */
export function creditTransaction(r: CreditRequest): Json {
  const billTo = address(r.billTo, BILL_TO);
  return {
    transactionType: 'refundTransaction',
    amount: formatAmount(r.amountMinor, r.currency),
    ...currencyCode(r.currency),
    payment: payment(r.payment),
    order: order(r.reference),
    ...(billTo && { billTo }),
    transactionSettings: NO_DUPLICATE_WINDOW,
  };
}

export const heldTransaction = (r: FollowUpRequest & { decision: ReviewDecision }): Json => ({ action: r.decision, refTransId: r.processorTransactionId });
