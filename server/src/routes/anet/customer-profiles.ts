import type { CustomerUpdate } from '@cim/shared';
import { createProfileWithChildren, findProfileId } from '../../domain/customer-profiles.ts';
import { deleteCustomer, readCustomerProfile, updateCustomer } from '../../domain/customers.ts';
import { MAX_PAYMENT_PROFILES } from '../../domain/payment-profiles.ts';
import { MAX_SHIPPING_ADDRESSES } from '../../domain/shipping-addresses.ts';
import { readAddress } from './address.ts';
import { AnetError, requiredError } from './messages.ts';
import { isDomainError } from './domain-errors.ts';
import { withErrorFields, type AnetHandler } from './operation.ts';
import { bool, child, list, numericId, oneOf, requiredId, text } from './parse.ts';
import { readNewPaymentProfile, readProfileBase, readValidationMode } from './profile-input.ts';
import { validationBeforeWrite } from './validation.ts';
import { customerProfileMasked } from './views.ts';

export const createCustomerProfile: AnetHandler = async ({ request, ctx, ...call }) => {
  const empty = { customerPaymentProfileIdList: [], customerShippingAddressIdList: [], validationDirectResponseList: [] };
  return withErrorFields(
    async () => {
      const profile = child(request, 'profile');
      if (!profile) throw requiredError('Profile');
      const base = readProfileBase(profile);
      const profileType = oneOf(profile, 'profileType', ['regular', 'guest'] as const) ?? 'regular';
      const payments = list(profile, 'paymentProfiles');
      if (payments.length > MAX_PAYMENT_PROFILES) throw new AnetError('E00042');
      const addresses = list(profile, 'shipToList');
      if (addresses.length > MAX_SHIPPING_ADDRESSES) throw new AnetError('E00043');
      const mode = readValidationMode(request);
      // Each card is validated in request order (like customerPaymentProfileIdList), before anything is written.
      const validation = validationBeforeWrite({ request, ctx, ...call }, mode, base, 'validationDirectResponseList');
      const created = await createProfileWithChildren(ctx, base, profileType, payments.map(readNewPaymentProfile), addresses.map(readAddress), validation.beforeWrite);
      return {
        customerProfileId: created.customer.id,
        customerPaymentProfileIdList: created.paymentProfileIds,
        customerShippingAddressIdList: created.shippingAddressIds,
        validationDirectResponseList: validation.responses,
      };
    },
    // On a duplicate the existing profile's id is returned too (the real service puts it only in the text).
    (error) => (isDomainError(error) && error.code === 'duplicate_customer' && error.existingId ? { customerProfileId: error.existingId, ...empty } : empty),
  );
};

/** By customerProfileId, or else by merchantCustomerId and/or email. */
export const getCustomerProfile: AnetHandler = async ({ request, ctx }) => {
  let id = numericId(request, 'customerProfileId');
  if (id === undefined) {
    const merchantCustomerId = text(request, 'merchantCustomerId', 20);
    const email = text(request, 'email', 255);
    if (!merchantCustomerId && !email) throw requiredError('Customer Profile ID, Merchant Customer ID or Email');
    id = (await findProfileId(ctx, { ...(merchantCustomerId && { merchantCustomerId }), ...(email && { email }) })) ?? undefined;
    if (id === undefined) throw new AnetError('E00040');
  }
  const options = { unmaskExpirationDate: bool(request, 'unmaskExpirationDate'), includeIssuerInfo: bool(request, 'includeIssuerInfo') };
  const { view, record } = await readCustomerProfile(ctx, id, { bin: options.includeIssuerInfo === true });
  return { profile: customerProfileMasked(view, record.profileType, options) };
};

export const getCustomerProfileIds: AnetHandler = async ({ ctx }) => ({ ids: await ctx.store.customers.listIds(ctx.merchantId) });

/** Replaces merchantCustomerId, description and email: a field left out is erased, as on the real service. */
export const updateCustomerProfile: AnetHandler = async ({ request, ctx }) => {
  const profile = child(request, 'profile');
  if (!profile) throw requiredError('Profile');
  const id = requiredId(profile, 'customerProfileId', 'Customer Profile ID');
  const base = readProfileBase(profile);
  const patch: CustomerUpdate = { merchantCustomerId: base.merchantCustomerId ?? '', description: base.description ?? '', email: base.email ?? '' };
  await updateCustomer(ctx, id, patch);
  return {};
};

export const deleteCustomerProfile: AnetHandler = async ({ request, ctx }) => {
  await deleteCustomer(ctx, requiredId(request, 'customerProfileId', 'Customer Profile ID'));
  return {};
};
