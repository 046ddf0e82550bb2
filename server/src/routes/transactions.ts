import { CaptureRequest, MerchantTransactionListQuery, RefundRequest, ResolveRequest, ReviewRequest, TransactionCreate, VoidRequest } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { refundTransaction } from '../domain/refunds.ts';
import { captureTransaction, voidTransaction } from '../domain/transaction-actions.ts';
import { transactionSweeper } from '../domain/transaction-maintenance.ts';
import { resolveTransaction } from '../domain/transaction-resolve.ts';
import { reviewTransaction } from '../domain/transaction-review.ts';
import { createTransaction, getTransaction, listMerchantTransactions } from '../domain/transactions.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { idempotencyKeyOf, transactionContext } from './transaction-context.ts';

const IdParam = z.object({ id: z.string() });

/** Mounted at /v1/transactions. */
export function transactions(deps: AppDeps) {
  const sweep = transactionSweeper(deps);
  return new Hono<AppEnv>()
    .post('/', validate('json', TransactionCreate), async (c) => {
      const created = await createTransaction(transactionContext(deps, c), c.req.valid('json'), idempotencyKeyOf(c));
      await sweep();
      return c.json(created, 201);
    })
    .get('/', validate('query', MerchantTransactionListQuery), async (c) => c.json(await listMerchantTransactions(transactionContext(deps, c), c.req.valid('query'))))
    .get('/:id', validate('param', IdParam), async (c) => c.json(await getTransaction(transactionContext(deps, c), c.req.valid('param').id)))
    .post('/:id/capture', validate('param', IdParam), validate('json', CaptureRequest), async (c) =>
      c.json(await captureTransaction(transactionContext(deps, c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/void', validate('param', IdParam), validate('json', VoidRequest), async (c) =>
      c.json(await voidTransaction(transactionContext(deps, c), c.req.valid('param').id)),
    )
    .post('/:id/review', validate('param', IdParam), validate('json', ReviewRequest), async (c) =>
      c.json(await reviewTransaction(transactionContext(deps, c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/resolve', validate('param', IdParam), validate('json', ResolveRequest), async (c) =>
      c.json(await resolveTransaction(transactionContext(deps, c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/refund', validate('param', IdParam), validate('json', RefundRequest), async (c) =>
      c.json(await refundTransaction(transactionContext(deps, c), c.req.valid('param').id, c.req.valid('json'), idempotencyKeyOf(c)), 201),
    );
}
