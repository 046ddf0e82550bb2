import { CaptureRequest, RefundRequest } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { refundTransaction } from '../../domain/refunds.ts';
import { captureTransaction, voidTransaction } from '../../domain/transaction-actions.ts';
import { getTransaction } from '../../domain/transactions.ts';
import { CimError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';
import { transactionContext } from '../transaction-context.ts';

const IdParam = z.object({ id: z.string().max(32) });
const KEY = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The console's refund dialog sends one Idempotency-Key per dialog, so a double click or a
 * retry after a lost answer refunds once. Namespaced, so it never meets a REST client's key.
 */
function refundKey(header: string | undefined): { idempotencyKey?: string } {
  if (header === undefined) return {};
  if (!KEY.test(header)) throw new CimError('invalid_request', 'Idempotency-Key must be 8 to 64 letters, digits, - or _.', { field: 'Idempotency-Key' });
  return { idempotencyKey: `console:${header}` };
}

/** Mounted at /console/api/transactions: read one, capture, void, refund (operator and admin). */
export function consoleTransactions(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/:id', staffAction('transaction.read', 'viewer', 'transaction'), validate('param', IdParam), async (c) =>
      c.json(await getTransaction(transactionContext(deps, c), c.req.valid('param').id)),
    )
    .post('/:id/capture', staffAction('transaction.capture', 'operator', 'transaction'), validate('param', IdParam), validate('json', CaptureRequest), async (c) =>
      c.json(await captureTransaction(transactionContext(deps, c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/void', staffAction('transaction.void', 'operator', 'transaction'), validate('param', IdParam), async (c) =>
      c.json(await voidTransaction(transactionContext(deps, c), c.req.valid('param').id)),
    )
    .post('/:id/refund', staffAction('transaction.refund', 'operator', 'transaction'), validate('param', IdParam), validate('json', RefundRequest), async (c) =>
      c.json(await refundTransaction(transactionContext(deps, c), c.req.valid('param').id, c.req.valid('json'), refundKey(c.req.header('idempotency-key'))), 201),
    );
}
