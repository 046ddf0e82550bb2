import type { CardBrand } from '@cim/shared';
import { formatAmount } from '../../domain/money.ts';
import { authorizationExpired } from '../../domain/transaction-views.ts';
import type { SettlementBatchRecord, TransactionRecord } from '../../store/types.ts';
import { writeAddress } from './address.ts';
import type { Json } from './parse.ts';
import { cardTypeName } from './views.ts';

/** CIM keeps time in UTC; the merchant's "local" time is UTC as well, written without the zone as Authorize.Net does. */
export const utc = (iso: string) => iso;
export const local = (iso: string) => iso.replace(/Z$/, '');

/** Authorize.Net's transactionStatus for where the money stands. */
export function transactionStatus(t: TransactionRecord, now: Date): string {
  if (t.status === 'pending') return 'communicationError';
  if (t.status === 'declined') return 'declined';
  if (t.status === 'error') return 'generalError';
  if (t.voidedAt !== null) return 'voided';
  if (t.status === 'heldForReview') return 'FDSPendingReview';
  if (t.type === 'refund') return t.batchId !== null ? 'refundSettledSuccessfully' : 'refundPendingSettlement';
  if (t.capturedMinor > 0) return t.batchId !== null ? 'settledSuccessfully' : 'capturedPendingSettlement';
  return authorizationExpired(t, now) ? 'expired' : 'authorizedPendingCapture';
}

/** transactionType as Authorize.Net names it. */
export function transactionType(t: TransactionRecord): string {
  if (t.anetKind === 'captureOnly') return 'captureOnlyTransaction';
  if (t.type === 'refund') return 'refundTransaction';
  if (t.type === 'authOnly') return t.capturedMinor > 0 ? 'priorAuthCaptureTransaction' : 'authOnlyTransaction';
  return 'authCaptureTransaction';
}

const accountType = (t: TransactionRecord) => (t.paymentType === 'card' ? cardTypeName((t.brand ?? 'unknown') as CardBrand) : 'eCheck');

/** What was settled (or will be): the captured amount, or what was authorised while nothing was captured. */
const settleAmount = (t: TransactionRecord) => formatAmount(t.capturedMinor > 0 ? t.capturedMinor : t.status === 'approved' ? t.amountMinor : 0, t.currency);

const profileOf = (t: TransactionRecord): Json | undefined =>
  t.customerId !== null && t.paymentProfileId !== null
    ? { customerProfileId: t.customerId, customerPaymentProfileId: t.paymentProfileId, ...(t.shippingAddressId !== null && { customerAddressId: t.shippingAddressId }) }
    : undefined;

/** transactionSummaryType: one row of getTransactionList / getUnsettledTransactionList / getTransactionListForCustomer. */
export function transactionSummary(t: TransactionRecord, now: Date, subscription?: Json): Json {
  const profile = profileOf(t);
  return {
    transId: t.id,
    submitTimeUTC: utc(t.createdAt),
    submitTimeLocal: local(t.createdAt),
    transactionStatus: transactionStatus(t, now),
    ...(t.orderId !== null && { invoiceNumber: t.orderId }),
    ...(t.billTo?.firstName && { firstName: t.billTo.firstName }),
    ...(t.billTo?.lastName && { lastName: t.billTo.lastName }),
    accountType: accountType(t),
    accountNumber: `XXXX${t.last4}`,
    settleAmount: settleAmount(t),
    marketType: 'eCommerce',
    product: 'Card Not Present',
    ...(subscription && { subscription }),
    ...(profile && { profile }),
  };
}

export function batchView(b: SettlementBatchRecord, statistics?: Json[]): Json {
  return {
    batchId: b.id,
    settlementTimeUTC: utc(b.settledAt),
    settlementTimeLocal: local(b.settledAt),
    settlementState: 'settledSuccessfully',
    paymentMethod: b.paymentType === 'card' ? 'creditCard' : 'eCheck',
    marketType: 'eCommerce',
    product: 'Card Not Present',
    ...(statistics && { statistics }),
  };
}

/** batchStatisticType per account type: charges and refunds settled in the batch. */
export function batchStatistics(rows: TransactionRecord[]): Json[] {
  const byType = new Map<string, { charge: number; chargeCount: number; refund: number; refundCount: number; currency: string }>();
  for (const t of rows) {
    const key = accountType(t);
    const s = byType.get(key) ?? { charge: 0, chargeCount: 0, refund: 0, refundCount: 0, currency: t.currency };
    if (t.type === 'refund') {
      s.refund += t.capturedMinor;
      s.refundCount += 1;
    } else {
      s.charge += t.capturedMinor;
      s.chargeCount += 1;
    }
    byType.set(key, s);
  }
  return [...byType.entries()].map(([type, s]) => ({
    accountType: type,
    chargeAmount: formatAmount(s.charge, s.currency),
    chargeCount: s.chargeCount,
    refundAmount: formatAmount(s.refund, s.currency),
    refundCount: s.refundCount,
    voidCount: 0,
    declineCount: 0,
    errorCount: 0,
  }));
}

/** transactionDetailsType for getTransactionDetails. */
export function transactionDetails(t: TransactionRecord, now: Date, batch: SettlementBatchRecord | null, subscription?: Json): Json {
  const profile = profileOf(t);
  const payment =
    t.paymentType === 'card'
      ? { creditCard: { cardNumber: `XXXX${t.last4}`, expirationDate: 'XXXX', cardType: accountType(t) } }
      : { bankAccount: { accountType: t.brand ?? 'checking', routingNumber: 'XXXX', accountNumber: `XXXX${t.last4}`, nameOnAccount: '', echeckType: 'WEB' } };
  return {
    transId: t.id,
    ...(t.parentId !== null && { refTransId: t.parentId }),
    submitTimeUTC: utc(t.createdAt),
    submitTimeLocal: local(t.createdAt),
    transactionType: transactionType(t),
    transactionStatus: transactionStatus(t, now),
    responseCode: t.responseCode ?? 3,
    responseReasonCode: t.reasonCode ?? 0,
    ...(subscription && { subscription }),
    responseReasonDescription: t.reasonText ?? '',
    ...(t.authCode !== null && { authCode: t.authCode }),
    AVSResponse: t.avsResult ?? 'P',
    ...(t.cvcResult !== null && { cardCodeResponse: t.cvcResult }),
    ...(batch && { batch: batchView(batch) }),
    order: { ...(t.orderId !== null && { invoiceNumber: t.orderId }), ...(t.description !== null && { description: t.description }) },
    authAmount: formatAmount(t.amountMinor, t.currency),
    settleAmount: settleAmount(t),
    taxExempt: false,
    payment,
    ...(t.customerInfo && { customer: { ...(t.customerInfo.merchantCustomerId && { id: t.customerInfo.merchantCustomerId }), ...(t.customerInfo.email && { email: t.customerInfo.email }) } }),
    ...(t.billTo && { billTo: writeAddress(t.billTo) }),
    ...(t.shipTo && { shipTo: writeAddress(t.shipTo) }),
    recurringBilling: subscription !== undefined,
    product: 'Card Not Present',
    marketType: 'eCommerce',
    ...(profile && { profile }),
  };
}
