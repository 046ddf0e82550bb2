import { randomBytes } from 'node:crypto';

/**
 * The shop's accounts. Matching a returning customer to their stored profile is the merchant's
 * job (CIM only keeps the profile): here a shopper row holds the CIM customerProfileId.
 */
export const RETURNING_SHOPPER = { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' } as const;

/** A brand-new account each time, so the "new shopper" path can be walked again and again. */
export function newShopperAccount(): { id: string; name: string; email: string } {
  const id = `new-${randomBytes(4).toString('hex')}`;
  return { id, name: 'Grace Hopper', email: `grace+${id}@example.com` };
}
