import type { Address, ShippingAddressCreate, ShippingAddressUpdate, ShippingAddressView } from '@cim/shared';
import { CimError, DuplicateError, NotFoundError } from '../errors.ts';
import { isRecordId, newNumericId } from '../ids.ts';
import type { ShippingAddressRecord, Stores } from '../store/types.ts';
import { nowIso, type DomainContext } from './context.ts';
import { requireCustomer } from './customers.ts';
import { shippingAddressView } from './views.ts';

export const MAX_SHIPPING_ADDRESSES = 100;

const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/** Authorize.Net's rule: first and last name, address, zip and phone all equal. */
const sameAddress = (a: Address, b: Address) =>
  same(a.firstName, b.firstName) && same(a.lastName, b.lastName) && same(a.address, b.address) && same(a.zip, b.zip) && same(a.phoneNumber, b.phoneNumber);

async function assertNoDuplicate(ctx: DomainContext, tx: Stores, customerId: string, address: Address, selfId?: string) {
  const existing = await tx.shippingAddresses.listForCustomer(ctx.merchantId, customerId);
  const dup = existing.find((a) => a.id !== selfId && sameAddress(a, address));
  if (dup) throw new DuplicateError('duplicate_shipping_address', `The same shipping address already exists (${dup.id}).`, dup.id);
}

function addressFields(input: ShippingAddressCreate): Address {
  const { isDefault: _isDefault, ...fields } = input;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Address;
}

export async function insertShippingAddress(ctx: DomainContext, tx: Stores, customerId: string, input: ShippingAddressCreate): Promise<ShippingAddressRecord> {
  await requireCustomer(ctx, tx, customerId);
  const count = await tx.shippingAddresses.countForCustomer(ctx.merchantId, customerId);
  if (count >= MAX_SHIPPING_ADDRESSES) {
    throw new CimError('shipping_address_limit', `A customer profile can hold at most ${MAX_SHIPPING_ADDRESSES} shipping addresses.`);
  }
  const fields = addressFields(input);
  await assertNoDuplicate(ctx, tx, customerId, fields);
  const isDefault = input.isDefault === true || count === 0;
  if (isDefault) await tx.shippingAddresses.clearDefault(ctx.merchantId, customerId);
  const now = nowIso(ctx);
  const record: ShippingAddressRecord = { ...fields, id: newNumericId(), merchantId: ctx.merchantId, customerId, isDefault, createdAt: now, updatedAt: now };
  await tx.shippingAddresses.insert(record);
  return record;
}

export async function addShippingAddress(ctx: DomainContext, customerId: string, input: ShippingAddressCreate): Promise<ShippingAddressView> {
  return shippingAddressView(await ctx.store.transaction((tx) => insertShippingAddress(ctx, tx, customerId, input)));
}

async function requireAddress(ctx: DomainContext, stores: Pick<Stores, 'shippingAddresses'>, customerId: string, id: string) {
  const address = isRecordId(id) && isRecordId(customerId) ? await stores.shippingAddresses.get(ctx.merchantId, customerId, id) : null;
  if (!address) throw new NotFoundError('Shipping address');
  return address;
}

export async function getShippingAddress(ctx: DomainContext, customerId: string, id: string): Promise<ShippingAddressView> {
  return shippingAddressView(await requireAddress(ctx, ctx.store, customerId, id));
}

export function updateShippingAddress(ctx: DomainContext, customerId: string, id: string, patch: ShippingAddressUpdate): Promise<ShippingAddressView> {
  return ctx.store.transaction(async (tx) => {
    const current = await requireAddress(ctx, tx, customerId, id);
    const { isDefault, ...changes } = patch;
    const merged = { ...current, ...changes };
    await assertNoDuplicate(ctx, tx, customerId, merged, id);
    if (isDefault === true && !current.isDefault) await tx.shippingAddresses.clearDefault(ctx.merchantId, customerId);
    const updated = await tx.shippingAddresses.update(ctx.merchantId, customerId, id, {
      ...changes,
      ...(isDefault === true && { isDefault: true }),
      updatedAt: nowIso(ctx),
    });
    return shippingAddressView(updated);
  });
}

export function deleteShippingAddress(ctx: DomainContext, customerId: string, id: string): Promise<void> {
  return ctx.store.transaction(async (tx) => {
    const address = await requireAddress(ctx, tx, customerId, id);
    await tx.shippingAddresses.delete(ctx.merchantId, customerId, id);
    if (address.isDefault) {
      const [next] = await tx.shippingAddresses.listForCustomer(ctx.merchantId, customerId);
      if (next) await tx.shippingAddresses.update(ctx.merchantId, customerId, next.id, { isDefault: true });
    }
  });
}
