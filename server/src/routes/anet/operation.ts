import type { AppDeps } from '../../deps.ts';
import type { DomainContext } from '../../domain/context.ts';
import type { MerchantRecord } from '../../store/types.ts';
import { fromDomainError, isDomainError } from './domain-errors.ts';
import { AnetError } from './messages.ts';
import type { Json } from './parse.ts';

/** One authenticated call: the operation's request object and who is calling. */
export interface AnetCall {
  deps: AppDeps;
  merchant: MerchantRecord;
  ctx: DomainContext;
  request: Json;
}

/** Returns the operation's response fields; throws AnetError (or a domain error) for resultCode "Error". */
export type AnetHandler = (call: AnetCall) => Promise<Json>;

/** Any failure as an AnetError; unknown errors are left for the dispatcher to log. */
export function asAnetError(error: unknown): AnetError | null {
  if (error instanceof AnetError) return error;
  if (isDomainError(error)) return fromDomainError(error);
  return null;
}

/**
 * Runs `fn` and, on a business failure, answers with `fields` as well (the
 * real service keeps e.g. empty id lists, or the existing ids on a duplicate).
 */
export async function withErrorFields<T>(fn: () => Promise<T>, fields: (error: unknown) => Json): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const anet = asAnetError(error);
    if (!anet) throw error;
    throw new AnetError(anet.anetCode, anet.message, { ...fields(error), ...anet.fields });
  }
}

