import type { CustomerCreate, CustomerUpdate, CustomerView, Page } from '@cim/shared';
import { DuplicateError, NotFoundError } from '../errors.ts';
import { isRecordId } from '../ids.ts';
import type { CustomerRecord, Stores } from '../store/types.ts';
import { audit } from './audit.ts';
import { withFreshId } from './fresh-id.ts';
import { nowIso, type DomainContext } from './context.ts';
import { customerView, paymentProfileView, shippingAddressView } from './views.ts';
import { customerEventData, emit } from './webhook-events.ts';

const norm = (v: string | undefined | null) => (v === undefined || v === null || v === '' ? null : v);

async function assertNotDuplicate(tx: Stores, merchantId: string, key: { merchantCustomerId: string | null; email: string | null; description: string | null }, selfId?: string) {
  const existing = await tx.customers.findExact(merchantId, key);
  if (existing && existing.id !== selfId) {
    throw new DuplicateError('duplicate_customer', `A customer profile with the same merchantCustomerId, email and description already exists (${existing.id}).`, existing.id);
  }
}

/**
 * Inserts a customer inside an open transaction (shared by the REST API, the widget and transactions).
 * Without an `id`, one is drawn, and drawn again when it is already taken (ids are 10 random digits:
 * in a vault of 200 k customers about one create in 45 k meets one). A given id that is taken fails
 * with IdTakenError (409 conflict).
 */
export async function insertCustomer(
  ctx: DomainContext,
  tx: Stores,
  input: CustomerCreate | Record<string, never>,
  profileType: 'regular' | 'guest' = 'regular',
  id?: string,
): Promise<CustomerRecord> {
  const key = {
    merchantCustomerId: norm((input as CustomerCreate).merchantCustomerId),
    email: norm((input as CustomerCreate).email),
    description: norm((input as CustomerCreate).description),
  };
  await assertNotDuplicate(tx, ctx.merchantId, key);
  const now = nowIso(ctx);
  const insert = async (recordId: string) => {
    const record: CustomerRecord = { id: recordId, merchantId: ctx.merchantId, ...key, profileType, createdAt: now, updatedAt: now };
    await tx.customers.insert(record);
    return record;
  };
  const record = await (id === undefined ? withFreshId(insert) : insert(id));
  await emit(ctx, tx, 'customer.created', customerEventData(record));
  return record;
}

export function createCustomer(ctx: DomainContext, input: CustomerCreate, profileType: 'regular' | 'guest' = 'regular'): Promise<CustomerView> {
  return ctx.store.transaction(async (tx) => customerView(await insertCustomer(ctx, tx, input, profileType)));
}

export async function requireCustomer(ctx: DomainContext, stores: Pick<Stores, 'customers'>, id: string): Promise<CustomerRecord> {
  const customer = isRecordId(id) ? await stores.customers.get(ctx.merchantId, id) : null;
  if (!customer) throw new NotFoundError('Customer profile');
  return customer;
}

/**
 * The profile with its masked payment profiles (BIN included when asked) and shipping
 * addresses, and the record it came from (the compatible API also reports its profile type).
 */
export async function readCustomerProfile(ctx: DomainContext, id: string, options: { bin?: boolean } = {}): Promise<{ record: CustomerRecord; view: CustomerView }> {
  const record = await requireCustomer(ctx, ctx.store, id);
  const [profiles, addresses, crypto] = await Promise.all([
    ctx.store.paymentProfiles.listForCustomer(ctx.merchantId, id),
    ctx.store.shippingAddresses.listForCustomer(ctx.merchantId, id),
    ctx.keyring.forMerchant(ctx.store, ctx.merchantId),
  ]);
  const now = ctx.clock.now();
  if (profiles.length > 0) await audit(ctx, ctx.store, 'payment_profile.read', { type: 'customer', id });
  const view = {
    ...customerView(record),
    paymentProfiles: profiles.map((p) => paymentProfileView(p, crypto, now, options)),
    shippingAddresses: addresses.map(shippingAddressView),
  };
  return { record, view };
}

/** The profile with its (masked) payment profiles and shipping addresses. */
export async function getCustomer(ctx: DomainContext, id: string): Promise<CustomerView> {
  return (await readCustomerProfile(ctx, id)).view;
}

export async function findCustomers(ctx: DomainContext, by: { merchantCustomerId?: string; email?: string }): Promise<CustomerView[]> {
  return (await ctx.store.customers.findBy(ctx.merchantId, by)).map(customerView);
}

export async function listCustomers(ctx: DomainContext, page: { cursor?: string | undefined; limit: number }): Promise<Page<CustomerView>> {
  const result = await ctx.store.customers.list(ctx.merchantId, page);
  return { data: result.rows.map(customerView), nextCursor: result.nextCursor };
}

export function updateCustomer(ctx: DomainContext, id: string, patch: CustomerUpdate): Promise<CustomerView> {
  return ctx.store.transaction(async (tx) => {
    const current = await requireCustomer(ctx, tx, id);
    const next = {
      merchantCustomerId: patch.merchantCustomerId !== undefined ? norm(patch.merchantCustomerId) : current.merchantCustomerId,
      email: patch.email !== undefined ? norm(patch.email) : current.email,
      description: patch.description !== undefined ? norm(patch.description) : current.description,
    };
    await assertNotDuplicate(tx, ctx.merchantId, next, id);
    const updated = await tx.customers.update(ctx.merchantId, id, { ...next, updatedAt: nowIso(ctx) });
    await emit(ctx, tx, 'customer.updated', customerEventData(updated));
    return customerView(updated);
  });
}

/** Deletes the profile, its payment profiles and addresses, ciphertext included. */
export function deleteCustomer(ctx: DomainContext, id: string): Promise<void> {
  return ctx.store.transaction(async (tx) => {
    await requireCustomer(ctx, tx, id);
    const profiles = await tx.paymentProfiles.countForCustomer(ctx.merchantId, id);
    await tx.customers.delete(ctx.merchantId, id);
    await emit(ctx, tx, 'customer.deleted', { id });
    if (profiles > 0) await audit(ctx, tx, 'payment_profile.delete', { type: 'customer', id }, 'success', `${profiles} payment profile(s)`);
  });
}
