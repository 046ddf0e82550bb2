import { headerOf, keyVersionOf } from '../vault/aead.ts';
import type { SealedFieldName, SealedRow, SealedTable } from './types.ts';

/**
 * Where data-key ciphertexts live, for a data-key rotation. Three tables keep a
 * `key_version` column beside their ciphertexts; a stored idempotency answer is
 * text, `sealed:` + base64 of the ciphertext, whose version is read from the
 * ciphertext header (3 bytes: exactly the 4 base64 characters after the prefix).
 */
export const COLUMN_TABLES = {
  payment_profiles: { fields: { number: 'number_ct', expiry: 'expiry_ct', routing: 'routing_ct' }, filter: '' },
  transactions: { fields: { number: 'card_number_ct', expiry: 'card_expiry_ct' }, filter: ' AND card_number_ct IS NOT NULL' },
  forward_templates: { fields: { template: 'template_ct' }, filter: '' },
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

/**
 * One query counting a merchant's sealed rows per version in every table: `source` 'column'
 * with the key_version, or 'answer' with the 4 header characters of a sealed answer.
 */
export function countByVersionSql(dialect: { merchant: (i: number) => string; count: string; version: string }): { sql: string; params: number } {
  const tables = Object.keys(COLUMN_TABLES) as ColumnTable[];
  const selects = tables.map(
    (t, i) => `SELECT 'column' AS source, ${dialect.version} AS v, ${dialect.count} AS n FROM ${t} WHERE merchant_id = ${dialect.merchant(i + 1)}${COLUMN_TABLES[t].filter} GROUP BY key_version`,
  );
  selects.push(
    `SELECT 'answer' AS source, substr(response_body, 8, 4) AS v, ${dialect.count} AS n FROM idempotency_keys WHERE merchant_id = ${dialect.merchant(tables.length + 1)} AND substr(response_body, 1, 7) = 'sealed:' GROUP BY substr(response_body, 8, 4)`,
  );
  return { sql: selects.join(' UNION ALL '), params: tables.length + 1 };
}

/** Rows of that query, added up per version. */
export const countsFromRows = (rows: Array<{ source: string; v: unknown; n: unknown }>) =>
  sortedCounts(addCounts(new Map(), rows.map((r) => ({ keyVersion: r.source === 'answer' ? versionOfAnswerHead(String(r.v)) : Number(r.v), count: Number(r.n) }))));

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
