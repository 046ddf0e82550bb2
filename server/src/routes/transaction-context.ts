import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { merchantProcessors } from '../domain/merchant-processors.ts';
import type { TransactionContext } from '../domain/transaction-context.ts';
import type { AppEnv } from '../http/env.ts';
import { IDEMPOTENCY_HEADER } from '../http/idempotency.ts';

/** The authenticated merchant's domain context plus what charging needs. */
export const transactionContext = (deps: AppDeps, c: Context<AppEnv>): TransactionContext => ({
  ...c.var.domain,
  processors: merchantProcessors(deps, c.var.domain.merchantId),
  signingKeys: deps.signingKeys,
});

/** The request's Idempotency-Key (already checked and claimed by the idempotency middleware). */
export const idempotencyKeyOf = (c: Context<AppEnv>) => ({ idempotencyKey: c.req.header(IDEMPOTENCY_HEADER) });
