import { z } from 'zod';
import { CARD_BRANDS } from '../card/brands.ts';
import { Address } from './address.ts';
import { CUSTOMER_LIMITS } from './customer.ts';
import { noCardData } from './free-text.ts';
import { CardInput, BankAccountInput } from './payment-profile.ts';

const id = (name: string) => z.string().regex(/^\d{1,16}$/, `${name} must be a numeric id`);
/** Decimal string; parsed to minor units on the server (never a float). */
const Amount = z.string({ error: 'amount must be a decimal string such as "12.34"' }).max(32);

/** Authorize.Net's limits: duplicate window 0–28800 s, invoice number 20, description 255. */
export const TRANSACTION_LIMITS = { orderId: 20, description: 255, duplicateWindowSeconds: 28_800 } as const;

export const TransactionCustomer = z
  .object({
    merchantCustomerId: noCardData(z.string().trim().min(1).max(CUSTOMER_LIMITS.merchantCustomerId).optional()),
    email: noCardData(z.email().max(CUSTOMER_LIMITS.email).optional()),
    description: noCardData(z.string().trim().max(CUSTOMER_LIMITS.description).optional()),
  })
  .strict();
export type TransactionCustomer = z.infer<typeof TransactionCustomer>;

/**
 * One body, three ways to say what to charge: stored profile ids, a widget result
 * token, or one-time card data (optionally saved as a new profile).
 */
export const TransactionCreate = z
  .object({
    type: z.enum(['authCapture', 'authOnly']),
    amount: Amount,
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as USD').optional(),
    customerProfileId: id('customerProfileId').optional(),
    paymentProfileId: id('paymentProfileId').optional(),
    shippingAddressId: id('shippingAddressId').optional(),
    token: z.string().min(1).max(4096).optional(),
    card: CardInput.optional(),
    /** One-time eCheck debit (only for merchants whose servers may handle account numbers). */
    bankAccount: BankAccountInput.optional(),
    billTo: Address.optional(),
    shipTo: Address.optional(),
    customer: TransactionCustomer.optional(),
    createProfile: z.boolean().optional(),
    cvc: z.string().regex(/^[0-9]{3,4}$/, 'cvc must be 3 or 4 digits').optional(),
    orderId: noCardData(z.string().trim().max(TRANSACTION_LIMITS.orderId).optional()),
    description: noCardData(z.string().trim().max(TRANSACTION_LIMITS.description).optional()),
    duplicateWindowSeconds: z.number().int().min(0).max(TRANSACTION_LIMITS.duplicateWindowSeconds).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const sources = [t.paymentProfileId !== undefined || t.customerProfileId !== undefined, t.token !== undefined, t.card !== undefined, t.bankAccount !== undefined].filter(Boolean).length;
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (sources !== 1) return issue('Give exactly one of: customerProfileId + paymentProfileId, token, card or bankAccount.', 'paymentProfileId');
    if ((t.customerProfileId === undefined) !== (t.paymentProfileId === undefined)) return issue('customerProfileId and paymentProfileId go together.', 'paymentProfileId');
    if (t.bankAccount !== undefined) {
      if (t.createProfile !== undefined) return issue('createProfile is only used with one-time card data.', 'createProfile');
      if (t.cvc !== undefined) return issue('A bank account has no security code.', 'cvc');
    } else if (t.card === undefined) {
      for (const field of ['billTo', 'shipTo', 'customer', 'createProfile'] as const) {
        if (t[field] !== undefined) return issue(`${field} is only used with one-time card data.`, field);
      }
    } else if (t.cvc !== undefined) {
      return issue('Send the security code as card.cvc with one-time card data.', 'cvc');
    }
    if (t.token !== undefined && t.shippingAddressId !== undefined) issue('A result token already names the shipping address.', 'shippingAddressId');
  });
export type TransactionCreate = z.infer<typeof TransactionCreate>;

export const CaptureRequest = z.object({ amount: Amount.optional() }).strict();
export type CaptureRequest = z.infer<typeof CaptureRequest>;

/** Without `amount`, refunds what remains of the capture. */
export const RefundRequest = z.object({ amount: Amount.optional() }).strict();
export type RefundRequest = z.infer<typeof RefundRequest>;

export const VoidRequest = z.object({}).strict();

/**
 * POST /v1/transactions/:id/resolve. One-time card data is not kept, so a
 * pending one-time-card charge is resolved by sending the same card again.
 */
export const ResolveRequest = z
  .object({
    card: CardInput.optional(),
    billTo: Address.optional(),
    cvc: z.string().regex(/^[0-9]{3,4}$/, 'cvc must be 3 or 4 digits').optional(),
  })
  .strict();
export type ResolveRequest = z.infer<typeof ResolveRequest>;

/** POST /v1/transactions/:id/review: the merchant's decision on a transaction held for review. */
export const ReviewRequest = z.object({ decision: z.enum(['approve', 'decline']) }).strict();
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const ProfileFromTransaction = z.object({ transactionId: id('transactionId'), customer: TransactionCustomer.optional() }).strict();
export type ProfileFromTransaction = z.infer<typeof ProfileFromTransaction>;

export const PaymentProfileValidation = z
  .object({ mode: z.enum(['testMode', 'liveMode']), cvc: z.string().regex(/^[0-9]{3,4}$/, 'cvc must be 3 or 4 digits').optional() })
  .strict();
export type PaymentProfileValidation = z.infer<typeof PaymentProfileValidation>;

export const TransactionListQuery = z
  .object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).optional() })
  .strict();

export const TRANSACTION_STATUSES = ['pending', 'approved', 'declined', 'error', 'heldForReview'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/**
 * Where the money stands: `pending` until the processor's answer is known;
 * `authorized` (authOnly, capturable), `captured` (unsettled, voidable),
 * `settled`, `voided`, `refunded` (fully); `expired` authorisations can no longer
 * be captured; `declined`/`error` moved nothing; `heldForReview` awaits the processor.
 */
export const TRANSACTION_STATES = ['pending', 'authorized', 'captured', 'settled', 'voided', 'refunded', 'expired', 'declined', 'error', 'heldForReview'] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];

const Timestamp = z.string().describe('ISO 8601 date-time, UTC');
/** An instant (any offset) or a calendar date (00:00 UTC). */
const listTime = z.iso.datetime({ offset: true }).or(z.iso.date());

/** GET /v1/transactions: the merchant's transactions, newest first; every filter given narrows the list. */
export const MerchantTransactionListQuery = TransactionListQuery.extend({
  customerProfileId: z.string().max(40).optional(),
  state: z.enum(TRANSACTION_STATES).optional(),
  type: z.enum(['authCapture', 'authOnly', 'refund']).optional(),
  /** Inclusive. */
  createdFrom: listTime.optional(),
  /** Exclusive. */
  createdTo: listTime.optional(),
}).strict();
export type MerchantTransactionListQuery = z.infer<typeof MerchantTransactionListQuery>;

export const TransactionView = z.strictObject({
  id: z.string(),
  type: z.enum(['authCapture', 'authOnly', 'refund']),
  status: z.enum(TRANSACTION_STATUSES),
  state: z.enum(TRANSACTION_STATES),
  amount: z.string(),
  currency: z.string(),
  capturedAmount: z.string(),
  refundedAmount: z.string(),
  /** Authorize.Net-style: 1 approved, 2 declined, 3 error, 4 held for review. */
  responseCode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).describe('Authorize.Net-style: 1 approved, 2 declined, 3 error, 4 held for review'),
  reasonCode: z.number().int(),
  reasonText: z.string(),
  declineCode: z.string().optional(),
  authCode: z.string().optional(),
  avsResult: z.string().optional(),
  cvcResult: z.string().optional(),
  customerProfileId: z.string().optional(),
  paymentProfileId: z.string().optional(),
  shippingAddressId: z.string().optional(),
  /** Refunds: the transaction refunded. */
  refTransactionId: z.string().optional().describe('Refunds: the transaction refunded'),
  card: z.strictObject({ brand: z.enum(CARD_BRANDS), last4: z.string() }).optional(),
  bankAccount: z.strictObject({ accountType: z.string(), last4: z.string() }).optional(),
  orderId: z.string().optional(),
  description: z.string().optional(),
  /** A capture or void whose processor answer is still unknown. */
  pendingAction: z.enum(['capture', 'void']).optional().describe('A capture or void whose processor answer is still unknown'),
  /** createProfile: true that could not save the profile (the charge itself stands). */
  profileError: z
    .strictObject({ code: z.string(), message: z.string(), existingId: z.string().optional() })
    .optional()
    .describe('createProfile: true that could not save the profile (the charge itself stands)'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TransactionView = z.infer<typeof TransactionView>;

const actionAnswer = {
  status: z.enum(['approved', 'declined', 'error', 'heldForReview']),
  responseCode: z.number().int(),
  reasonCode: z.number().int(),
  reasonText: z.string(),
};

/** Capture, void, review and resolve: the updated transaction, with the follow-up's own processor answer when one was asked. */
export const TransactionActionView = TransactionView.extend({
  action: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.enum(['capture', 'void']), ...actionAnswer, amount: z.string().optional() }),
      z.strictObject({ type: z.literal('review'), decision: z.enum(['approve', 'decline']), ...actionAnswer }),
    ])
    .optional()
    .describe("The follow-up's own processor answer, beside the updated transaction"),
}).strict();

export const PaymentProfileValidationResult = z.strictObject({
  mode: z.enum(['testMode', 'liveMode']),
  valid: z.boolean(),
  responseCode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  reasonCode: z.number().int(),
  reasonText: z.string(),
  /** liveMode: what was authorised and voided ("0.00", or "0.01" where the brand needs it). */
  amount: z.string().optional().describe('liveMode: what was authorised and voided ("0.00", or "0.01" where the brand needs it)'),
  authCode: z.string().optional(),
  avsResult: z.string().optional(),
  cvcResult: z.string().optional(),
});
export type PaymentProfileValidationResult = z.infer<typeof PaymentProfileValidationResult>;
