import { CimError } from '../errors.ts';
import type { ProcessorResult } from '../processor/types.ts';
import type { TransactionRecord } from '../store/types.ts';

/**
 * Runs one processor call. Any failure to get an answer (timeout, broken
 * connection, connector bug) means the outcome is unknown: the transaction
 * stays pending and the client is told how to resolve it: a retry with the same
 * Idempotency-Key, or POST /v1/transactions/:id/resolve (the error names the id).
 */
export async function callProcessor(transactionId: string, call: () => Promise<ProcessorResult>): Promise<ProcessorResult> {
  try {
    return await call();
  } catch (error) {
    throw new CimError(
      'processor_error',
      `The processor did not answer for transaction ${transactionId}, so its outcome is not known yet. ` +
        `Retry the request with the same Idempotency-Key, or POST /v1/transactions/${transactionId}/resolve; it will not be charged twice.`,
      { cause: error, transactionId },
    );
  }
}

/** The result fields a transaction record keeps from a processor answer. */
export function resultPatch(result: ProcessorResult): Partial<TransactionRecord> {
  return {
    responseCode: result.responseCode,
    reasonCode: result.reasonCode,
    reasonText: result.reasonText,
    declineCode: result.declineCode ?? null,
    authCode: result.authCode ?? null,
    avsResult: result.avsResult ?? null,
    cvcResult: result.cvcResult ?? null,
  };
}
