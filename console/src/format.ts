import type { PaymentProfileView, TransactionView } from '@cim/shared';

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export const when = (iso: string) => `${dateTime.format(new Date(iso))} UTC`;

export const money = (amount: string, currency: string) => `${amount} ${currency}`;

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', maestro: 'Maestro' };

/** "Visa •••• 4242", read by screen readers as "Visa ending in 4242". */
export function paymentLabel(p: Pick<PaymentProfileView, 'card' | 'bankAccount'>): { text: string; spoken: string } {
  if (p.card) {
    const brand = BRANDS[p.card.brand] ?? 'Card';
    return { text: `${brand} •••• ${p.card.last4}`, spoken: `${brand} ending in ${p.card.last4}` };
  }
  const kind = p.bankAccount?.accountType === 'savings' ? 'Savings' : p.bankAccount?.accountType === 'businessChecking' ? 'Business checking' : 'Checking';
  return { text: `${kind} •••• ${p.bankAccount?.accountLast4 ?? ''}`, spoken: `${kind} account ending in ${p.bankAccount?.accountLast4 ?? ''}` };
}

export function transactionMethod(t: TransactionView): string {
  if (t.card) return `${BRANDS[t.card.brand] ?? 'Card'} •••• ${t.card.last4}`;
  if (t.bankAccount) return `Bank •••• ${t.bankAccount.last4}`;
  return '';
}

const TYPES: Record<TransactionView['type'], string> = { authCapture: 'Charge', authOnly: 'Authorisation', refund: 'Refund' };
export const transactionType = (t: TransactionView) => TYPES[t.type];

const STATES: Record<string, string> = { heldForReview: 'held for review' };
export const transactionState = (t: TransactionView) => STATES[t.state] ?? t.state;

/** What a transaction still allows, mirroring the server's rules (the server decides). */
export function allowedActions(t: TransactionView): Array<'capture' | 'void' | 'refund'> {
  const actions: Array<'capture' | 'void' | 'refund'> = [];
  if (t.pendingAction) return actions;
  if (t.state === 'authorized') actions.push('capture', 'void');
  if (t.state === 'captured' && Number(t.refundedAmount) === 0) actions.push('void');
  if ((t.state === 'captured' || t.state === 'settled') && Number(t.refundedAmount) < Number(t.capturedAmount)) actions.push('refund');
  return actions;
}
