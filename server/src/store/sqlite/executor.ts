import { DuplicateError, IdTakenError } from '../../errors.ts';
import type { ErrorCode } from '@cim/shared';
import type { SqliteDatabase } from './database.ts';

/**
 * How a store's write primitive runs: inside a transaction it runs at once;
 * outside one it joins the next group commit, so even a lone write is durable
 * before its promise settles.
 */
export interface Executor {
  readonly db: SqliteDatabase;
  write<T>(fn: () => T): Promise<T>;
}

export function inTransaction(db: SqliteDatabase): Executor {
  return {
    db,
    write: async (fn) => fn(),
  };
}

export function autoCommit(db: SqliteDatabase): Executor {
  return {
    db,
    write: (fn) => db.enqueue(async () => fn()),
  };
}

const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { errcode?: number } | null)?.errcode;
  return code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY;
}

/** A primary-key clash is the random id, not a uniqueness rule: reported as IdTakenError so the domain draws again. */
export function idTaken(table: string, label: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (isUniqueViolation(error) && new RegExp(`\\b${table}\\.id\\b`).test(String((error as Error).message))) throw new IdTakenError(label);
    throw error;
  }
}

/** Runs an insert, turning a unique-constraint failure into a typed DuplicateError. */
export function insertOrDuplicate(run: () => void, code: ErrorCode, message: string): void {
  try {
    run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(code, message);
    throw error;
  }
}

export function toBytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(0);
}

export function bytesOrNull(value: unknown): Uint8Array | null {
  return value instanceof Uint8Array ? value : null;
}
