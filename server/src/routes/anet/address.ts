import { ADDRESS_LIMITS, type Address } from '@cim/shared';
import type { ShippingAddressView } from '@cim/shared';
import { text, type Json } from './parse.ts';

const FIELDS = Object.keys(ADDRESS_LIMITS) as (keyof typeof ADDRESS_LIMITS)[];

/**
 * customerAddressType → our Address. faxNumber and email are length-checked
 * and then dropped: the vault has no column for them (see docs/authorizenet.md).
 */
export function readAddress(obj: Json | undefined): Address {
  const address: Address = {};
  for (const field of FIELDS) {
    const value = text(obj, field, ADDRESS_LIMITS[field]);
    if (value !== undefined) address[field] = value;
  }
  text(obj, 'faxNumber', 25);
  text(obj, 'email', 255);
  return address;
}

/**
 * Authorize.Net updates replace the whole record: a field left out is erased.
 * Our domain merges patches, so every field is sent, '' for the erased ones.
 */
export function replacingAddress(address: Address): Required<Address> {
  return Object.fromEntries(FIELDS.map((f) => [f, address[f] ?? ''])) as Required<Address>;
}

/** Our Address → customerAddressType, empty fields left out as the real service does. */
export function writeAddress(address: Address): Json {
  const out: Json = {};
  for (const field of FIELDS) if (address[field]) out[field] = address[field];
  return out;
}

/** customerAddressExType: the address with its id. */
export const writeShippingAddress = (a: ShippingAddressView): Json => ({ ...writeAddress(a), customerAddressId: a.id });
