import { CustomerCreate, CustomerQuery, CustomerUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { createCustomer, deleteCustomer, findCustomers, getCustomer, listCustomers, updateCustomer } from '../domain/customers.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const IdParam = z.object({ id: z.string() });

export const customers = new Hono<AppEnv>()
  .post('/', validate('json', CustomerCreate), async (c) => c.json(await createCustomer(c.var.domain, c.req.valid('json')), 201))
  .get('/', validate('query', CustomerQuery), async (c) => {
    const q = c.req.valid('query');
    if (q.merchantCustomerId !== undefined || q.email !== undefined) {
      const by = { ...(q.merchantCustomerId !== undefined && { merchantCustomerId: q.merchantCustomerId }), ...(q.email !== undefined && { email: q.email }) };
      return c.json({ data: await findCustomers(c.var.domain, by), nextCursor: null });
    }
    return c.json(await listCustomers(c.var.domain, { cursor: q.cursor, limit: q.limit ?? 20 }));
  })
  .get('/:id', validate('param', IdParam), async (c) => c.json(await getCustomer(c.var.domain, c.req.valid('param').id)))
  .patch('/:id', validate('param', IdParam), validate('json', CustomerUpdate), async (c) =>
    c.json(await updateCustomer(c.var.domain, c.req.valid('param').id, c.req.valid('json'))),
  )
  .delete('/:id', validate('param', IdParam), async (c) => {
    await deleteCustomer(c.var.domain, c.req.valid('param').id);
    return c.body(null, 204);
  });
