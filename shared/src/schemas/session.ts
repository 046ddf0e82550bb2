import { z } from 'zod';
import { SESSION_MODES } from '../messages.ts';
import { Address, ShippingAddressCreate } from './address.ts';
import { CUSTOMER_LIMITS } from './customer.ts';
import { noCardData } from './free-text.ts';
import { CardInput } from './payment-profile.ts';

export const SESSION_TTL = { defaultSeconds: 15 * 60, minSeconds: 60, maxSeconds: 30 * 60 } as const;
export const BILLING_ADDRESS_MODES = ['postal', 'full'] as const;

/** POST /v1/sessions: who the shopper is, where the element runs, and how the frame behaves. */
export const SessionCreate = z
  .strictObject({
    customerId: z.string().regex(/^\d{1,16}$/, 'customerId must be a customer profile id').optional(),
    merchantCustomerId: noCardData(z.string().trim().min(1).max(CUSTOMER_LIMITS.merchantCustomerId).optional()),
    origin: z.string().max(300),
    ttlSeconds: z.number().int().min(SESSION_TTL.minSeconds).max(SESSION_TTL.maxSeconds).optional(),
    mode: z.enum(SESSION_MODES).optional(),
    allowRemove: z.boolean().optional(),
    billingAddress: z.enum(BILLING_ADDRESS_MODES).optional(),
    collectShipping: z.boolean().optional(),
    /** Binds the checkout to at most this much: the button reads "Pay $14.00" and the token carries it. */
    amount: z.string({ error: 'amount must be a decimal string such as "14.00"' }).max(32).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as USD').optional(),
  })
  .refine((s) => !(s.customerId && s.merchantCustomerId), { message: 'Give customerId or merchantCustomerId, not both.', path: ['merchantCustomerId'] })
  .refine((s) => s.currency === undefined || s.amount !== undefined, { message: 'currency goes with amount.', path: ['currency'] })
  .refine((s) => s.amount === undefined || s.mode !== 'vault', { message: 'A vault-mode session takes no amount: nothing is paid.', path: ['amount'] });
export type SessionCreate = z.infer<typeof SessionCreate>;

const profileId = z.string().regex(/^\d{1,16}$/, 'must be an id from the wallet');

/**
 * POST /widget/api/payment-profiles: the shopper is present, so the security code is required (and never kept).
 * `confirm: true` (checkout mode) also answers the result token for the saved card: one round trip at Pay.
 */
export const WidgetCardCreate = z
  .strictObject({
    card: CardInput.extend({ cvc: z.string().max(8) }).strict(),
    billTo: Address,
    isDefault: z.boolean().optional(),
    confirm: z.boolean().optional(),
    shippingAddressId: profileId.optional(),
  })
  .refine((s) => s.shippingAddressId === undefined || s.confirm === true, { message: 'shippingAddressId goes with confirm: true.', path: ['shippingAddressId'] });
export type WidgetCardCreate = z.infer<typeof WidgetCardCreate>;

/**
 * PATCH /widget/api/payment-profiles/:id (vault mode): make a saved card the default and/or give
 * it a new expiry, without the number being typed again. Expiry month and year go together.
 */
export const WidgetCardUpdate = z
  .strictObject({
    isDefault: z.literal(true).optional(),
    expMonth: z.number().int().min(1).max(12).optional(),
    expYear: z.number().int().min(2000).max(2100).optional(),
  })
  .refine((u) => (u.expMonth === undefined) === (u.expYear === undefined), { message: 'expMonth and expYear go together.', path: ['expYear'] })
  .refine((u) => u.isDefault !== undefined || u.expMonth !== undefined, { message: 'Send isDefault, or expMonth and expYear.', path: ['isDefault'] });
export type WidgetCardUpdate = z.infer<typeof WidgetCardUpdate>;

export const WidgetAddressCreate = ShippingAddressCreate;
export type WidgetAddressCreate = z.infer<typeof WidgetAddressCreate>;

/** POST /widget/api/confirm: the shopper's choice, answered with the result token. */
export const WidgetConfirm = z.strictObject({ paymentProfileId: profileId, shippingAddressId: profileId.optional() });
export type WidgetConfirm = z.infer<typeof WidgetConfirm>;

/** POST /v1/tokens/redeem */
export const TokenRedeem = z.strictObject({ token: z.string().min(1).max(4096) });
export type TokenRedeem = z.infer<typeof TokenRedeem>;
