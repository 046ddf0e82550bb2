import type { CustomerView } from '@cim/shared';
import { isRecordId } from '../ids.ts';
import type { DomainContext } from './context.ts';
import { customerView } from './views.ts';

/**
 * The console's one search box: the text is tried as a customer profile id, a
 * merchantCustomerId and (when it has an @) an email (case-insensitively, as the
 * store compares emails), within the merchant only.
 */
export async function searchCustomers(ctx: DomainContext, q: string): Promise<CustomerView[]> {
  const text = q.trim();
  const lookups = [
    isRecordId(text) ? ctx.store.customers.get(ctx.merchantId, text).then((c) => (c ? [c] : [])) : Promise.resolve([]),
    ctx.store.customers.findBy(ctx.merchantId, { merchantCustomerId: text }),
    text.includes('@') ? ctx.store.customers.findBy(ctx.merchantId, { email: text }) : Promise.resolve([]),
  ];
  const seen = new Map<string, CustomerView>();
  for (const found of await Promise.all(lookups)) for (const c of found) if (!seen.has(c.id)) seen.set(c.id, customerView(c));
  return [...seen.values()];
}
