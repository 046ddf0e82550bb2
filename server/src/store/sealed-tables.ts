import { headerOf, keyVersionOf } from '../vault/aead.ts';
import type { SealedFieldName, SealedRow, SealedTable } from './types.ts';

/**
 * Where data-key ciphertexts live, for a data-key rotation. Two tables keep a
 * `key_version` column beside their ciphertexts; a stored idempotency answer is
 * text, `sealed:` + base64 of the ciphertext, whose version is read from the
 * ciphertext header (3 bytes: exactly the 4 base64 characters after the prefix).
 */
export const COLUMN_TABLES = {
  payment_profiles: { fields: { number: 'number_ct', expiry: 'expiry_ct', routing: 'routing_ct' }, filter: '' },
  transactions: { fields: { number: 'card_number_ct', expiry: 'card_expiry_ct' }, filter: ' AND card_number_ct IS NOT NULL' },
} as const satisfies Record<Exclude<SealedTable, 'idempotency_keys'>, { fields: Partial<Record<SealedFieldName, string>>; filter: string }>;

export type ColumnTable = keyof typeof COLUMN_TABLES;

export const fieldColumns = (table: ColumnTable) => Object.entries(COLUMN_TABLES[table].fields) as Array<[SealedFieldName, string]>;

/** A row of a column table as a SealedRow; `bytes` is the backend's blob reader. */
export function sealedRowOf(table: ColumnTable, r: Record<string, unknown>, bytes: (v: unknown) => Uint8Array | null): SealedRow {
  const fields: SealedRow['fields'] = {};
  for (const [field, column] of fieldColumns(table)) {
    const value = bytes(r[column]);
    if (value) fields[field] = value;
  }
  return { table, id: String(r.id), keyVersion: Number(r.key_version), fields };
}

export const SEALED_ANSWER_PREFIX = 'sealed:';

/** The first 11 characters of every answer sealed under `version`. */
export const sealedAnswerHead = (version: number) => SEALED_ANSWER_PREFIX + headerOf(version).toString('base64');

/** The version of a stored answer's head (the 4 base64 characters after `sealed:`). */
export const versionOfAnswerHead = (head: string) => keyVersionOf(Buffer.from(head, 'base64'));

export const answerCiphertext = (text: string): Uint8Array => Buffer.from(text.slice(SEALED_ANSWER_PREFIX.length), 'base64');

export const answerText = (ciphertext: Uint8Array): string => SEALED_ANSWER_PREFIX + Buffer.from(ciphertext).toString('base64');

/** Adds one table's counts per version into the running total. */
export function addCounts(total: Map<number, number>, rows: Iterable<{ keyVersion: number; count: number }>): Map<number, number> {
  for (const r of rows) total.set(r.keyVersion, (total.get(r.keyVersion) ?? 0) + r.count);
  return total;
}

export const sortedCounts = (total: Map<number, number>) => [...total].sort(([a], [b]) => a - b).map(([keyVersion, count]) => ({ keyVersion, count }));
