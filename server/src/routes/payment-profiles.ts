import { ExpiringQuery, PaymentProfileCreate, PaymentProfileQuery, PaymentProfileUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { addPaymentProfile, deletePaymentProfile, getPaymentProfile, listExpiringIn, updatePaymentProfile } from '../domain/payment-profiles.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const Params = z.object({ customerId: z.string(), paymentProfileId: z.string() });
const CustomerParam = z.object({ customerId: z.string() });

/** Mounted at /v1/customers/:customerId/payment-profiles. */
export const paymentProfiles = new Hono<AppEnv>()
  .post('/', validate('param', CustomerParam), validate('json', PaymentProfileCreate), async (c) =>
    c.json(await addPaymentProfile(c.var.domain, c.req.valid('param').customerId, c.req.valid('json')), 201),
  )
  .get('/:paymentProfileId', validate('param', Params), validate('query', PaymentProfileQuery), async (c) => {
    const { customerId, paymentProfileId } = c.req.valid('param');
    return c.json(await getPaymentProfile(c.var.domain, customerId, paymentProfileId, { bin: c.req.valid('query').bin === 'true' }));
  })
  .patch('/:paymentProfileId', validate('param', Params), validate('json', PaymentProfileUpdate), async (c) => {
    const { customerId, paymentProfileId } = c.req.valid('param');
    return c.json(await updatePaymentProfile(c.var.domain, customerId, paymentProfileId, c.req.valid('json')));
  })
  .delete('/:paymentProfileId', validate('param', Params), async (c) => {
    const { customerId, paymentProfileId } = c.req.valid('param');
    await deletePaymentProfile(c.var.domain, customerId, paymentProfileId);
    return c.body(null, 204);
  });

/** Mounted at /v1/payment-profiles: the merchant-wide view (cards expiring in a month). */
export const paymentProfilesIndex = new Hono<AppEnv>().get('/', validate('query', ExpiringQuery), async (c) => {
  const q = c.req.valid('query');
  const [year, month] = q.expiringIn.split('-').map(Number) as [number, number];
  return c.json(await listExpiringIn(c.var.domain, { year, month }, { cursor: q.cursor, limit: q.limit ?? 50 }));
});
