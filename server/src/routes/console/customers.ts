import { ConsoleCustomerSearch, TransactionListQuery } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { searchCustomers } from '../../domain/customer-search.ts';
import { getCustomer } from '../../domain/customers.ts';
import { listCustomerTransactions } from '../../domain/transactions.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';
import { transactionContext } from '../transaction-context.ts';

const IdParam = z.object({ id: z.string().max(32) });

/** Mounted at /console/api/customers: search, and one customer with its masked data and transactions. */
export function consoleCustomers(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', staffAction('customer.search'), validate('query', ConsoleCustomerSearch), async (c) =>
      c.json({ data: await searchCustomers(c.var.domain, c.req.valid('query').q) }),
    )
    .get('/:id', staffAction('customer.read', 'viewer', 'customer'), validate('param', IdParam), validate('query', TransactionListQuery), async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const customer = await getCustomer(c.var.domain, id);
      const transactions = await listCustomerTransactions(transactionContext(deps, c), id, { cursor: q.cursor, limit: q.limit ?? 25 });
      return c.json({ customer, transactions });
    });
}
