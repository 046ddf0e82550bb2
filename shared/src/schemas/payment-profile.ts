import { z } from 'zod';
import { noCardData } from './free-text.ts';
import { Address } from './address.ts';

export const CardInput = z
  .object({
    // Shape only here; Luhn, brand length and expiry live in validateCard() so the
    // widget and server report the same stable codes.
    number: z.string().max(40),
    expMonth: z.coerce.number().int(),
    expYear: z.coerce.number().int(),
    cvc: z.string().max(8).optional(),
  })
  .strict();
export type CardInput = z.infer<typeof CardInput>;

export const BankAccountInput = z
  .object({
    accountType: z.enum(['checking', 'savings', 'businessChecking']),
    routingNumber: z.string().max(9),
    accountNumber: z.string().regex(/^[0-9]{4,17}$/, 'accountNumber must be 4 to 17 digits'),
    nameOnAccount: noCardData(z.string().trim().min(1).max(22)),
    bankName: noCardData(z.string().trim().max(50).optional()),
  })
  .strict();
export type BankAccountInput = z.infer<typeof BankAccountInput>;

export const CustomerType = z.enum(['individual', 'business']);

export const PaymentProfileCreate = z
  .object({
    card: CardInput.optional(),
    bankAccount: BankAccountInput.optional(),
    billTo: Address.optional(),
    customerType: CustomerType.optional(),
    isDefault: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Boolean(p.card) !== Boolean(p.bankAccount), { message: 'Give exactly one of card or bankAccount.', path: ['card'] });
export type PaymentProfileCreate = z.infer<typeof PaymentProfileCreate>;

export const CardUpdate = z
  .object({
    number: z.string().max(40).optional(),
    expMonth: z.coerce.number().int(),
    expYear: z.coerce.number().int(),
    cvc: z.string().max(8).optional(),
  })
  .strict();

export const PaymentProfileUpdate = z
  .object({
    card: CardUpdate.optional(),
    bankAccount: BankAccountInput.optional(),
    billTo: Address.optional(),
    customerType: CustomerType.optional(),
    isDefault: z.boolean().optional(),
  })
  .strict();
export type PaymentProfileUpdate = z.infer<typeof PaymentProfileUpdate>;

/** GET /v1/customers/:customerId/payment-profiles/:paymentProfileId */
export const PaymentProfileQuery = z.object({ bin: z.enum(['true', 'false']).optional() });

/** GET /v1/payment-profiles: the merchant-wide view of cards expiring in a month. */
export const ExpiringQuery = z
  .object({
    expiringIn: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expiringIn must be YYYY-MM'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();
