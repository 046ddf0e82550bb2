import { ShippingAddressCreate, ShippingAddressUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireCustomer } from '../domain/customers.ts';
import { addShippingAddress, deleteShippingAddress, getShippingAddress, updateShippingAddress } from '../domain/shipping-addresses.ts';
import { shippingAddressView } from '../domain/views.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const Params = z.object({ customerId: z.string(), addressId: z.string() });
const CustomerParam = z.object({ customerId: z.string() });

/** Mounted at /v1/customers/:customerId/shipping-addresses. */
export const shippingAddresses = new Hono<AppEnv>()
  .post('/', validate('param', CustomerParam), validate('json', ShippingAddressCreate), async (c) =>
    c.json(await addShippingAddress(c.var.domain, c.req.valid('param').customerId, c.req.valid('json')), 201),
  )
  .get('/', validate('param', CustomerParam), async (c) => {
    const { customerId } = c.req.valid('param');
    const domain = c.var.domain;
    await requireCustomer(domain, domain.store, customerId);
    const rows = await domain.store.shippingAddresses.listForCustomer(domain.merchantId, customerId);
    return c.json({ data: rows.map(shippingAddressView), nextCursor: null });
  })
  .get('/:addressId', validate('param', Params), async (c) => {
    const { customerId, addressId } = c.req.valid('param');
    return c.json(await getShippingAddress(c.var.domain, customerId, addressId));
  })
  .patch('/:addressId', validate('param', Params), validate('json', ShippingAddressUpdate), async (c) => {
    const { customerId, addressId } = c.req.valid('param');
    return c.json(await updateShippingAddress(c.var.domain, customerId, addressId, c.req.valid('json')));
  })
  .delete('/:addressId', validate('param', Params), async (c) => {
    const { customerId, addressId } = c.req.valid('param');
    await deleteShippingAddress(c.var.domain, customerId, addressId);
    return c.body(null, 204);
  });
