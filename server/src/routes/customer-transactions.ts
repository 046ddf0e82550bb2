import { PaymentProfileValidation, ProfileFromTransaction, TransactionListQuery } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { validatePaymentProfile } from '../domain/payment-validation.ts';
import { createProfileFromTransaction } from '../domain/profile-from-transaction.ts';
import { listCustomerTransactions } from '../domain/transactions.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { transactionContext } from './transaction-context.ts';

const CustomerParam = z.object({ customerId: z.string() });
const ProfileParams = z.object({ customerId: z.string(), paymentProfileId: z.string() });

/**
 * Mounted at /v1/customers, before the customers sub-app: the profile-side
 * routes of charging (history, save a one-time card, validate a stored card).
 */
export function customerTransactions(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/from-transaction', validate('json', ProfileFromTransaction), async (c) =>
      c.json(await createProfileFromTransaction(transactionContext(deps, c), c.req.valid('json')), 201),
    )
    .get('/:customerId/transactions', validate('param', CustomerParam), validate('query', TransactionListQuery), async (c) => {
      const q = c.req.valid('query');
      return c.json(await listCustomerTransactions(transactionContext(deps, c), c.req.valid('param').customerId, { cursor: q.cursor, limit: q.limit ?? 20 }));
    })
    .post('/:customerId/payment-profiles/:paymentProfileId/validate', validate('param', ProfileParams), validate('json', PaymentProfileValidation), async (c) => {
      const { customerId, paymentProfileId } = c.req.valid('param');
      return c.json(await validatePaymentProfile(transactionContext(deps, c), customerId, paymentProfileId, c.req.valid('json')));
    });
}
