import type { Address } from '@cim/shared';
import type { FieldIssue } from './card-validation.ts';

/** The add-an-address form, as typed. */
export interface AddressDraft {
  name: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal: string;
  country: string;
  phone: string;
}

export type AddressField = keyof AddressDraft;

export const EMPTY_ADDRESS: AddressDraft = { name: '', line1: '', line2: '', city: '', state: '', postal: '', country: '', phone: '' };

const REQUIRED: readonly AddressField[] = ['name', 'line1', 'city', 'postal', 'country'];

export function checkAddress(draft: AddressDraft): Partial<Record<AddressField, FieldIssue>> {
  const issues: Partial<Record<AddressField, FieldIssue>> = {};
  for (const name of REQUIRED) if (!draft[name].trim()) issues[name] = { code: 'invalid_request', key: 'fieldRequired' };
  return issues;
}

/** The wire form (`POST /widget/api/shipping-addresses`), clipped to the vault's field lengths. */
export function addressToRequest(draft: AddressDraft, isDefault: boolean): Address & { isDefault: boolean } {
  const words = draft.name.trim().split(/\s+/);
  const lastName = words.length > 1 ? words.pop() : undefined;
  const optional = (key: 'state' | 'phoneNumber', value: string, max: number) => (value.trim() ? { [key]: value.trim().slice(0, max) } : {});
  return {
    firstName: words.join(' ').slice(0, 50),
    ...(lastName ? { lastName: lastName.slice(0, 50) } : {}),
    address: [draft.line1.trim(), draft.line2.trim()].filter(Boolean).join(', ').slice(0, 60),
    city: draft.city.trim().slice(0, 40),
    ...optional('state', draft.state, 40),
    zip: draft.postal.trim().slice(0, 20),
    country: draft.country,
    ...optional('phoneNumber', draft.phone, 25),
    isDefault,
  };
}
