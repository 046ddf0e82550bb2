import { z } from 'zod';
import { CARD_BRANDS } from '../card/brands.ts';

/**
 * What the API answers, as zod schemas: the OpenAPI document is generated from them and the tests
 * check every answer against it. Strict, so a field the server starts leaking fails the tests.
 */

const Timestamp = z.string().describe('ISO 8601 date-time, UTC');
const Id = z.string().describe('10-digit numeric id');

/** An address as answered: the request's Address without its input checks (trim, card-data refusal). */
export const AddressView = z.strictObject({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
  country: z.string().optional(),
  phoneNumber: z.string().optional(),
});

/** What the API shows of a card: never more than brand, last four, expiry and BIN. */
export const MaskedCard = z.strictObject({
  brand: z.enum(CARD_BRANDS),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  bin: z.string().optional().describe('First six digits, only with ?bin=true on a single payment profile'),
});
export type MaskedCard = z.infer<typeof MaskedCard>;

export const MaskedBankAccount = z.strictObject({
  accountType: z.enum(['checking', 'savings', 'businessChecking']),
  accountLast4: z.string(),
  routingLast4: z.string(),
  nameOnAccount: z.string(),
  bankName: z.string().optional(),
});
export type MaskedBankAccount = z.infer<typeof MaskedBankAccount>;

export const PaymentProfileView = z.strictObject({
  id: Id,
  customerId: Id,
  type: z.enum(['card', 'bankAccount']),
  card: MaskedCard.optional(),
  bankAccount: MaskedBankAccount.optional(),
  billTo: AddressView,
  customerType: z.enum(['individual', 'business']).optional(),
  isDefault: z.boolean(),
  expired: z.boolean().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PaymentProfileView = z.infer<typeof PaymentProfileView>;

export const ShippingAddressView = AddressView.extend({
  id: Id,
  customerId: Id,
  isDefault: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).strict();
export type ShippingAddressView = z.infer<typeof ShippingAddressView>;

export const CustomerView = z.strictObject({
  id: Id,
  merchantCustomerId: z.string().optional(),
  email: z.string().optional(),
  description: z.string().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  paymentProfiles: z.array(PaymentProfileView).optional(),
  shippingAddresses: z.array(ShippingAddressView).optional(),
});
export type CustomerView = z.infer<typeof CustomerView>;

/** A list: `data` oldest first, `nextCursor` for the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ data: z.array(item), nextCursor: z.string().nullable() });

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
