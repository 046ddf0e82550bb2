import type { TransactionCreate, TransactionCustomer, TransactionView } from '@cim/shared';
import { requireCustomer } from '../../domain/customers.ts';
import { captureTransaction, voidTransaction } from '../../domain/transaction-actions.ts';
import type { TransactionContext } from '../../domain/transaction-context.ts';
import { createTransaction, requireTransaction } from '../../domain/transactions.ts';
import { merchantProcessors } from '../../domain/merchant-processors.ts';
import { transactionView } from '../../domain/transaction-views.ts';
import { reason } from '../../processor/reason-codes.ts';
import { followUpState } from './follow-up-state.ts';
import { refundTransaction } from '../../domain/refunds.ts';
import { createCredit } from '../../domain/credits.ts';
import { CimError } from '../../errors.ts';
import { readAddress } from './address.ts';
import { fromDomainError } from './domain-errors.ts';
import { AnetError, invalidError, requiredError } from './messages.ts';
import type { AnetCall, AnetHandler } from './operation.ts';
import { bool, child, list, numericId, oneOf, requiredId, text, type Json } from './parse.ts';
import { isUnsupportedPayment, newBankAccount, newCard, readPayment } from './payment-input.ts';
import { outcomeOf, reasonRefusal, refusalOf, succeeded, transactionFailure, transactionResponse, type FollowUp, type TransactionOutcome } from './transaction-response.ts';

const TYPES = ['authCaptureTransaction', 'authOnlyTransaction', 'captureOnlyTransaction', 'priorAuthCaptureTransaction', 'refundTransaction', 'voidTransaction'] as const;

/** `test`: transactionSettings testRequest, which keeps the charge in the sandbox whatever the merchant's processor. */
export const transactionContext = (call: AnetCall, test = false): TransactionContext => ({
  ...call.ctx,
  processors: merchantProcessors(call.deps, call.ctx.merchantId, { test }),
  signingKeys: call.deps.signingKeys,
});

/** Widget result tokens stand in for Accept.js nonces: E00114 invalid, E00115 expired. */
function tokenError(error: unknown): AnetError | null {
  if (!(error instanceof CimError)) return null;
  if (error.code === 'token_expired') return new AnetError('E00115');
  if (error.code === 'token_invalid' || error.code === 'token_already_used' || error.code === 'token_wrong_merchant') return new AnetError('E00114');
  return null;
}

const setting = (tr: Json, name: string) => list(child(tr, 'transactionSettings'), 'setting').find((s) => text(s, 'settingName') === name);

/** transactionSettings testRequest: the charge goes to the sandbox, whatever processor the merchant set. */
const isTestRequest = (tr: Json) => ['true', '1'].includes(text(setting(tr, 'testRequest'), 'settingValue')?.toLowerCase() ?? '');

/** transactionSettings duplicateWindow (seconds). */
function duplicateWindow(tr: Json): number | undefined {
  const found = setting(tr, 'duplicateWindow');
  if (!found) return undefined;
  const value = text(found, 'settingValue');
  const seconds = value !== undefined && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(seconds >= 0 && seconds <= 28_800)) throw invalidError('duplicateWindow');
  return seconds;
}

function readCustomer(tr: Json): TransactionCustomer | undefined {
  const customer = child(tr, 'customer');
  const merchantCustomerId = text(customer, 'id', 20);
  const email = text(customer, 'email', 255);
  if (!merchantCustomerId && !email) return undefined;
  return { ...(merchantCustomerId && { merchantCustomerId }), ...(email && { email }) };
}

/** profile {customerProfileId, paymentProfile?, shippingProfileId?}: the default payment profile when none is named. */
async function profileCharge(ctx: TransactionContext, profile: Json): Promise<Pick<TransactionCreate, 'customerProfileId' | 'paymentProfileId' | 'shippingAddressId' | 'cvc'>> {
  const customerProfileId = requiredId(profile, 'customerProfileId', 'Customer Profile ID');
  const paymentProfile = child(profile, 'paymentProfile');
  const shippingAddressId = numericId(profile, 'shippingProfileId');
  const cvc = text(paymentProfile, 'cardCode', 4);
  await requireCustomer(ctx, ctx.store, customerProfileId);
  let paymentProfileId = numericId(paymentProfile, 'paymentProfileId');
  if (paymentProfileId === undefined) {
    paymentProfileId = (await ctx.store.paymentProfiles.listForCustomer(ctx.merchantId, customerProfileId)).find((p) => p.isDefault)?.id;
    if (paymentProfileId === undefined) throw new AnetError('E00121');
  }
  if (shippingAddressId !== undefined && !(await ctx.store.shippingAddresses.get(ctx.merchantId, customerProfileId, shippingAddressId))) throw new AnetError('E00098');
  return { customerProfileId, paymentProfileId, ...(shippingAddressId !== undefined && { shippingAddressId }), ...(cvc !== undefined && { cvc }) };
}

/** What to charge: a stored profile, a widget result token (opaqueData) or a one-time card. */
async function chargeInput(ctx: TransactionContext, tr: Json): Promise<Omit<TransactionCreate, 'type' | 'amount'>> {
  const profile = child(tr, 'profile');
  const createProfile = bool(profile, 'createProfile') === true;
  if (profile && text(profile, 'customerProfileId') !== undefined) return profileCharge(ctx, profile);
  const rawPayment = child(tr, 'payment');
  if (rawPayment && isUnsupportedPayment(rawPayment)) throw reasonRefusal(155);
  const payment = readPayment(rawPayment);
  if (!payment) throw new AnetError('E00029');
  if (payment.kind === 'opaqueData') return { token: payment.dataValue };
  const customer = readCustomer(tr);
  const billTo = readAddress(child(tr, 'billTo'));
  const shipTo = readAddress(child(tr, 'shipTo'));
  // A one-time eCheck debit: charged, never saved (createProfile is for cards).
  if (payment.kind === 'bankAccount') {
    if (createProfile) throw invalidError('Create Profile (one-time bank accounts are charged, not saved)');
    return { bankAccount: newBankAccount(payment), billTo, ...(Object.keys(shipTo).length > 0 && { shipTo }), ...(customer && { customer }) };
  }
  if (createProfile && !customer) throw new AnetError('E00102');
  return {
    card: newCard(payment),
    billTo,
    ...(Object.keys(shipTo).length > 0 && { shipTo }),
    ...(customer && { customer }),
    ...(createProfile && { createProfile: true }),
  };
}

/** profileResponse for createProfile: the new ids, or why the profile could not be saved (the charge stands). */
function profileResponse(v: TransactionView): Json {
  if (v.profileError) {
    const error = fromDomainError(new CimError(v.profileError.code as never, v.profileError.message, v.profileError.existingId ? { existingId: v.profileError.existingId } : {}));
    return { messages: { resultCode: 'Error', message: [{ code: error.anetCode, text: error.message }] }, customerPaymentProfileIdList: [], customerShippingAddressIdList: [] };
  }
  return {
    messages: { resultCode: 'Ok', message: [{ code: 'I00001', text: 'Successful.' }] },
    customerProfileId: v.customerProfileId,
    customerPaymentProfileIdList: v.paymentProfileId ? [v.paymentProfileId] : [],
    customerShippingAddressIdList: v.shippingAddressId ? [v.shippingAddressId] : [],
  };
}

const profileIds = (v: TransactionView): Json | undefined =>
  v.customerProfileId && v.paymentProfileId
    ? { customerProfileId: v.customerProfileId, customerPaymentProfileId: v.paymentProfileId, ...(v.shippingAddressId && { customerAddressId: v.shippingAddressId }) }
    : undefined;

/** A transactionResponse on success; a refusal (E00027 with the transactionResponse) otherwise. */
export function answer(o: TransactionOutcome, extra: Json = {}, profile?: Json): Json {
  if (!succeeded(o)) throw transactionFailure(o, extra);
  return { transactionResponse: transactionResponse(o, profile), ...extra };
}

/** captureOnlyTransaction's authCode: required (reason 12), six characters (reason 72). */
function captureOnlyCode(tr: Json): string {
  const code = text(tr, 'authCode', 32);
  if (code === undefined) throw reasonRefusal(12);
  if (!/^[A-Za-z0-9]{6}$/.test(code)) throw reasonRefusal(72);
  return code;
}

async function charge(call: AnetCall, tr: Json, type: 'authCapture' | 'authOnly', captureOnlyAuthCode?: string): Promise<Json> {
  const ctx = transactionContext(call, isTestRequest(tr));
  const amount = text(tr, 'amount', 32);
  if (amount === undefined) throw requiredError('Amount');
  const currency = text(tr, 'currencyCode', 3);
  const order = child(tr, 'order');
  const orderId = text(order, 'invoiceNumber', 20);
  const description = text(order, 'description', 255);
  const window = duplicateWindow(tr);
  const input: TransactionCreate = {
    type,
    amount,
    ...(currency && { currency: currency.toUpperCase() }),
    ...(await chargeInput(ctx, tr)),
    ...(orderId && { orderId }),
    ...(description && { description }),
    ...(window !== undefined && { duplicateWindowSeconds: window }),
  };
  if (captureOnlyAuthCode !== undefined && input.bankAccount !== undefined) throw reasonRefusal(70);
  const view = await createTransaction(ctx, input, { captureOnlyAuthCode });
  const extra = input.createProfile ? { profileResponse: profileResponse(view) } : {};
  return answer({ ...view, ...outcomeOf(view) }, extra, profileIds(view));
}

/** A follow-up refused by the original's state: Ok with 311/310 when it already happened, E00027 otherwise. */
async function stateAnswer(ctx: TransactionContext, refTransId: string, kind: FollowUp): Promise<Json> {
  const t = await requireTransaction(ctx, refTransId);
  const state = followUpState(t, kind);
  const view = transactionView(t, ctx.clock.now());
  const [reasonCode, reasonText] = reason(state.reasonCode);
  if (state.kind === 'refused') throw reasonRefusal(state.reasonCode, refTransId);
  return answer({ ...outcomeOf(view, refTransId, refTransId), responseCode: 1, reasonCode, reasonText });
}

/** refundTransaction without refTransId: an unlinked credit to the card, bank account or profile given (reason 54 unless enabled). */
async function unlinkedCredit(call: AnetCall, tr: Json): Promise<Json> {
  const ctx = transactionContext(call);
  const amount = text(tr, 'amount', 32);
  if (amount === undefined) throw requiredError('Amount');
  const order = child(tr, 'order');
  const orderId = text(order, 'invoiceNumber', 20);
  const description = text(order, 'description', 255);
  const { card, bankAccount, billTo, customerProfileId, paymentProfileId } = await chargeInput(ctx, tr);
  try {
    const credit = await createCredit(ctx, {
      amount,
      ...(card && { card }), ...(bankAccount && { bankAccount }), ...(billTo && { billTo }),
      ...(customerProfileId && { customerProfileId }), ...(paymentProfileId && { paymentProfileId }),
      ...(orderId && { orderId }), ...(description && { description }),
    });
    return answer({ ...credit, ...outcomeOf(credit) });
  } catch (error) {
    if (error instanceof CimError && error.code === 'transaction_state') throw reasonRefusal(54);
    throw error;
  }
}

async function followUp(call: AnetCall, tr: Json, kind: FollowUp): Promise<Json> {
  const ctx = transactionContext(call);
  if (kind === 'refund' && text(tr, 'refTransId') === undefined) return unlinkedCredit(call, tr);
  const refTransId = requiredId(tr, 'refTransId', 'Reference Transaction ID');
  try {
    if (kind === 'refund') {
      const amount = text(tr, 'amount', 32);
      if (amount === undefined) throw requiredError('Amount');
      const orderId = text(child(tr, 'order'), 'invoiceNumber', 20);
      const refund = await refundTransaction(ctx, refTransId, { amount, ...(orderId && { orderId }) });
      return answer({ ...refund, ...outcomeOf(refund, refund.id, refTransId) });
    }
    const amount = text(tr, 'amount', 32);
    const done = kind === 'capture' ? await captureTransaction(ctx, refTransId, amount !== undefined ? { amount } : {}) : await voidTransaction(ctx, refTransId);
    return answer({ ...done.action, authCode: done.authCode, ...outcomeOf(done, refTransId, refTransId) });
  } catch (error) {
    if (error instanceof CimError && error.code === 'transaction_state') return stateAnswer(ctx, refTransId, kind);
    throw refusalOf(error, kind, refTransId) ?? error;
  }
}

/** createTransactionRequest for the five transaction types CIM's processors carry. */
export const createTransactionRequest: AnetHandler = async (call) => {
  const tr = child(call.request, 'transactionRequest');
  if (!tr) throw requiredError('Transaction Request');
  const type = oneOf(tr, 'transactionType', TYPES);
  if (!type) throw requiredError('Transaction Type');
  try {
    if (type === 'authCaptureTransaction') return await charge(call, tr, 'authCapture');
    if (type === 'authOnlyTransaction') return await charge(call, tr, 'authOnly');
    if (type === 'captureOnlyTransaction') return await charge(call, tr, 'authCapture', captureOnlyCode(tr));
    return await followUp(call, tr, type === 'priorAuthCaptureTransaction' ? 'capture' : type === 'voidTransaction' ? 'void' : 'refund');
  } catch (error) {
    if (error instanceof CimError && error.code === 'duplicate_transaction' && error.existingId) throw await duplicateFailure(transactionContext(call), error.existingId);
    throw tokenError(error) ?? refusalOf(error) ?? error;
  }
};

/** Reason 11 names the original, as Authorize.Net does: its transId, authCode, AVS and card-code results. */
async function duplicateFailure(ctx: TransactionContext, originalId: string): Promise<AnetError> {
  const original = transactionView(await requireTransaction(ctx, originalId), ctx.clock.now());
  const [reasonCode, reasonText] = reason(11);
  return transactionFailure({ ...outcomeOf(original), responseCode: 3, reasonCode, reasonText });
}
