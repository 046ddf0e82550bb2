import type { MerchantKeys } from '../merchant/keys.ts';
import type { ShopDb } from '../shop/db.ts';
import { RETURNING_SHOPPER } from '../shop/shoppers.ts';

/**
 * Puts the returning demo shopper in the vault the way a merchant migrating existing customers
 * would: through the REST API, once. Two saved cards (sandbox test numbers) and two addresses.
 * This is setup, not shop code: the shop server itself never sends or receives a card number.
 */
const SHIP_TO = [
  { firstName: 'Ada', lastName: 'Lovelace', address: '12 Analytical Row', city: 'Brooklyn', state: 'NY', zip: '11201', country: 'US', isDefault: true },
  { firstName: 'Ada', lastName: 'Lovelace', company: 'Difference Engines Ltd', address: '500 Babbage Ave, Suite 3', city: 'Cambridge', state: 'MA', zip: '02139', country: 'US' },
];
const CARDS = [
  { card: { number: '4111111111111111', expMonth: 12, expYear: 2030 }, billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '11201', country: 'US' }, isDefault: true },
  { card: { number: '5424000000000015', expMonth: 8, expYear: 2029 }, billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '02139', country: 'US' } },
];

export async function seedReturningShopper(cimUrl: string, keys: MerchantKeys, db: ShopDb): Promise<void> {
  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(new URL(path, cimUrl), {
      method,
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (response.status >= 400 && response.status !== 404) throw new Error(`Seeding the demo shopper: ${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return { status: response.status, json };
  };

  const shopper = db.upsertShopper(RETURNING_SHOPPER);
  if (shopper.customerProfileId && (await api('GET', `/v1/customers/${shopper.customerProfileId}`)).status === 200) return;

  // The vault may already know her (the shop's database was reset but CIM's was not).
  const found = await api<{ data: Array<{ id: string }> }>('GET', `/v1/customers?merchantCustomerId=${RETURNING_SHOPPER.id}`);
  let customerId = found.json.data[0]?.id;
  if (!customerId) {
    const created = await api<{ id: string }>('POST', '/v1/customers', { merchantCustomerId: RETURNING_SHOPPER.id, email: RETURNING_SHOPPER.email, description: RETURNING_SHOPPER.name });
    customerId = created.json.id;
    for (const address of SHIP_TO) await api('POST', `/v1/customers/${customerId}/shipping-addresses`, address);
    for (const card of CARDS) await api('POST', `/v1/customers/${customerId}/payment-profiles`, card);
  }
  db.setCustomerProfileId(RETURNING_SHOPPER.id, customerId);
}
