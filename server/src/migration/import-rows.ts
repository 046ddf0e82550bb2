import type { ErrorCode } from '@cim/shared';
import { audit } from '../domain/audit.ts';
import type { DomainContext } from '../domain/context.ts';
import { CimError, IdTakenError } from '../errors.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { checkRow, type CheckedRow } from './check-row.ts';
import { writeBatch, type BatchOutcome, type ImportEvents } from './import-batch.ts';
import type { MigrationRow } from './rows.ts';

export type { ImportEvents } from './import-batch.ts';

/** A refused row: its number (1 = the first record) and a stable code, never its content. */
export interface RowError {
  row: number;
  code: ErrorCode;
  field?: string;
}

export interface ImportReport {
  rows: number;
  customersCreated: number;
  paymentProfilesCreated: number;
  /** Cards already in the vault for that customer (same keyed fingerprint): a re-run lands here. */
  alreadyPresent: number;
  errors: RowError[];
}

export interface ImportOptions {
  /** `each` (the default): customer.created / payment_profile.created per record, as the API does; `none`: no webhook event. */
  events?: ImportEvents;
  /** Rows per transaction. */
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/** Rows per transaction: one commit (the slow part on a durable store) per few hundred rows, and a small rollback when one fails. */
export const IMPORT_BATCH = 500;
/** A batch's random ids met existing ones this many times in a row: give up (never expected). */
const ID_ATTEMPTS = 5;

const rowError = (row: number, error: CimError): RowError => ({ row, code: error.code, ...(error.field !== undefined && { field: error.field }) });

/**
 * Imports rows into the merchant's vault with the API's rules: customers found or created by
 * merchantCustomerId (customer_id), payment profiles created unless the customer already holds
 * that card (keyed fingerprint), at most ten per customer. A batch of rows commits in one
 * transaction, so a run stopped anywhere leaves whole batches behind and a second run creates
 * exactly the rest. Rows are checked before their batch is written, and a batch the store
 * refuses is written again row by row, so a refused row is reported by number and code and
 * never takes its batch's good rows with it.
 */
export async function importRows(ctx: DomainContext, rows: MigrationRow[], options: ImportOptions = {}): Promise<ImportReport> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const events = options.events ?? 'each';
  const size = options.batchSize ?? IMPORT_BATCH;
  const report: ImportReport = { rows: rows.length, customersCreated: 0, paymentProfilesCreated: 0, alreadyPresent: 0, errors: [] };
  const add = (outcome: BatchOutcome) => {
    report.customersCreated += outcome.customersCreated;
    report.paymentProfilesCreated += outcome.paymentProfilesCreated;
    report.alreadyPresent += outcome.alreadyPresent;
    report.errors.push(...outcome.errors);
  };
  // A clash of the random ids rolls the batch back; it is written again with new ones.
  const write = async (batch: CheckedRow[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeBatch(ctx, batch, events);
      } catch (error) {
        if (!(error instanceof IdTakenError) || attempt >= ID_ATTEMPTS) throw error;
      }
    }
  };

  for (let start = 0; start < rows.length; start += size) {
    const batch = checkBatch(crypto, rows, start, Math.min(start + size, rows.length), ctx.clock.now(), report.errors);
    try {
      add(await write(batch));
    } catch (error) {
      if (!(error instanceof CimError)) throw error;
      // Row by row: the rows the store accepts are kept, the one it refuses is reported.
      for (const row of batch) {
        try {
          add(await write([row]));
        } catch (error) {
          if (!(error instanceof CimError)) throw error;
          report.errors.push(rowError(row.row, error));
        }
      }
    }
    options.onProgress?.(Math.min(start + size, rows.length));
  }
  report.errors.sort((a, b) => a.row - b.row);
  await audit(ctx, ctx.store, 'vault.import', { type: 'merchant', id: ctx.merchantId }, 'success', `rows ${report.rows}, customers created ${report.customersCreated}, cards created ${report.paymentProfilesCreated}, already present ${report.alreadyPresent}, refused ${report.errors.length}, events ${events}`);
  return report;
}

/** The rows from `start` to `end` that pass their checks; the others go to `errors`. */
function checkBatch(crypto: MerchantCrypto, rows: MigrationRow[], start: number, end: number, now: Date, errors: RowError[]): CheckedRow[] {
  const checked: CheckedRow[] = [];
  for (let i = start; i < end; i++) {
    try {
      checked.push(checkRow(crypto, rows[i]!, i + 1, now));
    } catch (error) {
      if (!(error instanceof CimError)) throw error;
      errors.push(rowError(i + 1, error));
    }
  }
  return checked;
}
