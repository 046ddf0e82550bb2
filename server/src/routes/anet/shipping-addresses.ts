import { addShippingAddress, deleteShippingAddress, getShippingAddress, updateShippingAddress } from '../../domain/shipping-addresses.ts';
import { readAddress, replacingAddress, writeShippingAddress } from './address.ts';
import { isDomainError } from './domain-errors.ts';
import { requiredError } from './messages.ts';
import { withErrorFields, type AnetHandler } from './operation.ts';
import { bool, child, requiredId } from './parse.ts';

export const createCustomerShippingAddress: AnetHandler = async ({ request, ctx }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const address = child(request, 'address');
  if (!address) throw requiredError('Address');
  const input = { ...readAddress(address), ...(bool(request, 'defaultShippingAddress') === true && { isDefault: true }) };
  return withErrorFields(
    async () => ({ customerProfileId, customerAddressId: (await addShippingAddress(ctx, customerProfileId, input)).id }),
    (error) => (isDomainError(error) && error.code === 'duplicate_shipping_address' && error.existingId ? { customerProfileId, customerAddressId: error.existingId } : {}),
  );
};

export const getCustomerShippingAddress: AnetHandler = async ({ request, ctx }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const address = await getShippingAddress(ctx, customerProfileId, requiredId(request, 'customerAddressId', 'Customer Address ID'));
  return { defaultShippingAddress: address.isDefault, address: writeShippingAddress(address) };
};

/** Replaces the address: a field left out is erased, as on the real service. */
export const updateCustomerShippingAddress: AnetHandler = async ({ request, ctx }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  const address = child(request, 'address');
  if (!address) throw requiredError('Address');
  const id = requiredId(address, 'customerAddressId', 'Customer Address ID');
  const patch = { ...replacingAddress(readAddress(address)), ...(bool(request, 'defaultShippingAddress') === true && { isDefault: true }) };
  await updateShippingAddress(ctx, customerProfileId, id, patch);
  return {};
};

export const deleteCustomerShippingAddress: AnetHandler = async ({ request, ctx }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  await deleteShippingAddress(ctx, customerProfileId, requiredId(request, 'customerAddressId', 'Customer Address ID'));
  return {};
};
