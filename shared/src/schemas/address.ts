import { z } from 'zod';
import { noCardData } from './free-text.ts';

/** Field lengths follow Authorize.Net's schema so the same record fits both APIs. */
export const ADDRESS_LIMITS = {
  firstName: 50,
  lastName: 50,
  company: 50,
  address: 60,
  city: 40,
  state: 40,
  zip: 20,
  country: 60,
  phoneNumber: 25,
} as const;

const text = (max: number) => noCardData(z.string().trim().max(max));

export const Address = z
  .object({
    firstName: text(ADDRESS_LIMITS.firstName).optional(),
    lastName: text(ADDRESS_LIMITS.lastName).optional(),
    company: text(ADDRESS_LIMITS.company).optional(),
    address: text(ADDRESS_LIMITS.address).optional(),
    city: text(ADDRESS_LIMITS.city).optional(),
    state: text(ADDRESS_LIMITS.state).optional(),
    zip: text(ADDRESS_LIMITS.zip).optional(),
    country: text(ADDRESS_LIMITS.country).optional(),
    phoneNumber: text(ADDRESS_LIMITS.phoneNumber).optional(),
  })
  .strict();
export type Address = z.infer<typeof Address>;

export const ShippingAddressCreate = Address.extend({ isDefault: z.boolean().optional() }).strict();
export type ShippingAddressCreate = z.infer<typeof ShippingAddressCreate>;

export const ShippingAddressUpdate = ShippingAddressCreate;
export type ShippingAddressUpdate = z.infer<typeof ShippingAddressUpdate>;
