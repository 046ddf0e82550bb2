import type { Address, BankAccountInput, CardInput, CustomerCreate, PaymentProfileView, ShippingAddressCreate } from '@cim/shared';
import { newNumericId } from '../ids.ts';
import type { CustomerRecord } from '../store/types.ts';
import { audit } from './audit.ts';
import type { DomainContext } from './context.ts';
import { insertCustomer } from './customers.ts';
import { insertPaymentProfile, prepareNewProfile, type BeforeWrite } from './payment-profiles.ts';
import { insertShippingAddress } from './shipping-addresses.ts';
import { paymentProfileView } from './views.ts';

/**
 * Whole-profile operations in the shape Authorize.Net's CIM API works with:
 * a profile created together with its payment profiles and addresses, read
 * back whole. Used by the /xml/v1 compatibility layer; same vault as /v1.
 */

export interface NewProfilePayment {
  card?: CardInput;
  bankAccount?: BankAccountInput;
  billTo: Address;
  customerType: 'individual' | 'business' | null;
  isDefault: boolean;
}

export interface CreatedProfile {
  customer: CustomerRecord;
  paymentProfileIds: string[];
  shippingAddressIds: string[];
}

/**
 * Creates the profile with all its children atomically: one bad child and
 * nothing is written. `beforeWrite` (e.g. a validation) sees each sealed payment
 * profile first, in request order; if it throws, nothing is written either.
 */
export async function createProfileWithChildren(
  ctx: DomainContext,
  customer: CustomerCreate,
  profileType: 'regular' | 'guest',
  payments: NewProfilePayment[],
  addresses: ShippingAddressCreate[],
  beforeWrite?: BeforeWrite,
): Promise<CreatedProfile> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const customerId = newNumericId();
  // Validate, encrypt and call the processor before the transaction: inside it only store calls are awaited.
  const sealed: Array<{ p: NewProfilePayment } & Awaited<ReturnType<typeof prepareNewProfile>>> = [];
  for (const p of payments) sealed.push({ p, ...(await prepareNewProfile(ctx, crypto, customerId, p, beforeWrite)) });
  return ctx.store.transaction(async (tx) => {
    const record = await insertCustomer(ctx, tx, customer, profileType, customerId);
    const paymentProfileIds: string[] = [];
    for (const { id, p, sealed: s } of sealed) {
      await insertPaymentProfile(ctx, tx, record.id, id, s, { billTo: p.billTo, customerType: p.customerType, isDefault: p.isDefault });
      paymentProfileIds.push(id);
    }
    const shippingAddressIds: string[] = [];
    for (const address of addresses) shippingAddressIds.push((await insertShippingAddress(ctx, tx, record.id, address)).id);
    return { customer: record, paymentProfileIds, shippingAddressIds };
  });
}

/** Finds the oldest profile matching merchantCustomerId and/or email (Authorize.Net looks profiles up by either). */
export async function findProfileId(ctx: DomainContext, by: { merchantCustomerId?: string; email?: string }): Promise<string | null> {
  const rows = await ctx.store.customers.findBy(ctx.merchantId, by);
  return rows[0]?.id ?? null;
}

const EXPIRING_PAGE = 500;

/**
 * Cards expiring in a month, sorted by id and cut by page number, with the
 * total count, as getCustomerPaymentProfileList reports them. Expiry is
 * encrypted, so the month is matched through its keyed tag.
 */
export async function listCardsExpiringIn(
  ctx: DomainContext,
  month: { year: number; month: number },
  page: { limit: number; offset: number; descending: boolean },
): Promise<{ total: number; rows: PaymentProfileView[] }> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const label = `${month.year}-${String(month.month).padStart(2, '0')}`;
  const tag = crypto.fingerprint('expiry', label);
  const all = [];
  let cursor: string | undefined;
  do {
    const result = await ctx.store.paymentProfiles.listByExpiryTag(ctx.merchantId, tag, { cursor, limit: EXPIRING_PAGE });
    all.push(...result.rows);
    cursor = result.nextCursor ?? undefined;
  } while (cursor);
  all.sort((a, b) => (page.descending ? Number(b.id) - Number(a.id) : Number(a.id) - Number(b.id)));
  const start = (page.offset - 1) * page.limit;
  const slice = all.slice(start, start + page.limit);
  const now = ctx.clock.now();
  await audit(ctx, ctx.store, 'payment_profile.read', { type: 'payment_profile', id: null }, 'success', `expiring ${label}`);
  return { total: all.length, rows: slice.map((p) => paymentProfileView(p, crypto, now)) };
}
