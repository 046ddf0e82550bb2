import { headerOf, keyVersionOf } from '../vault/aead.ts';
import type { SealedFieldName, SealedRow, SealedTable } from './types.ts';

/**
 * Where data-key ciphertexts live, for a data-key rotation, and the queries over them
 * (the same SQL on both backends but for a few expressions). Most tables keep a
 * `key_version` column beside their ciphertexts; processor credentials carry their
 * version only in the ciphertext header (its first 3 bytes); a stored idempotency
 * answer is text, `sealed:` + base64 of the ciphertext, whose header is exactly the
 * 4 base64 characters after the prefix.
 */
interface RecordTable {
  /** The column naming the record the ciphertexts are bound to (with the merchant id, the row). */
  id: string;
  fields: Partial<Record<SealedFieldName, string>>;
  /** Rows with something sealed. */
  filter: string;
  /** The version: a key_version column, or the header of this ciphertext column. */
  version: { column: 'key_version' } | { header: string };
}

export const RECORD_TABLES: Record<Exclude<SealedTable, 'idempotency_keys'>, RecordTable> = {
  payment_profiles: { id: 'id', fields: { number: 'number_ct', expiry: 'expiry_ct', routing: 'routing_ct' }, filter: '', version: { column: 'key_version' } },
  transactions: { id: 'id', fields: { number: 'card_number_ct', expiry: 'card_expiry_ct' }, filter: ' AND card_number_ct IS NOT NULL', version: { column: 'key_version' } },
  forward_templates: { id: 'id', fields: { template: 'template_ct' }, filter: '', version: { column: 'key_version' } },
  webhook_endpoints: { id: 'id', fields: { webhookSecret: 'secret_ct' }, filter: '', version: { column: 'key_version' } },
  merchant_processors: {
    id: 'endpoint',
    fields: { apiLoginId: 'api_login_id_ct', transactionKey: 'transaction_key_ct' },
    filter: ' AND api_login_id_ct IS NOT NULL',
    version: { header: 'api_login_id_ct' },
  },
};

type RecordTableName = keyof typeof RECORD_TABLES;

/** What differs between SQLite and PostgreSQL here. */
export interface Dialect {
  /** The placeholder of the i-th parameter (1-based). */
  param(i: number): string;
  count: string;
  /** A column's value as text. */
  text(column: string): string;
  /** The first 3 bytes of a ciphertext column (its header), as a comparable value. */
  head(column: string): string;
  /** The first 3 bytes of a ciphertext column as hex text. */
  headHex(column: string): string;
}

export interface Query {
  sql: string;
  params: unknown[];
}

/** Builds SQL with numbered parameters: `p(value)` adds a value and answers its placeholder. */
function builder(d: Dialect) {
  const params: unknown[] = [];
  return { params, p: (value: unknown) => (params.push(value), d.param(params.length)) };
}

const fieldsOf = (t: RecordTable) => Object.entries(t.fields) as Array<[SealedFieldName, string]>;

export const SEALED_ANSWER_PREFIX = 'sealed:';

/** The first 11 characters of every answer sealed under `version`. */
const sealedAnswerHead = (version: number) => SEALED_ANSWER_PREFIX + headerOf(version).toString('base64');

/** The version of a stored answer's head (the 4 base64 characters after `sealed:`). */
const versionOfAnswerHead = (head: string) => keyVersionOf(Buffer.from(head, 'base64'));

export const answerCiphertext = (text: string): Uint8Array => Buffer.from(text.slice(SEALED_ANSWER_PREFIX.length), 'base64');

export const answerText = (ciphertext: Uint8Array): string => SEALED_ANSWER_PREFIX + Buffer.from(ciphertext).toString('base64');

/** SealedDataStore.listNotUnder as a query, and how its rows become SealedRows. */
export function listNotUnderQuery(d: Dialect, merchantId: string, table: SealedTable, version: number, limit: number): Query & { row(r: Record<string, unknown>, bytes: (v: unknown) => Uint8Array | null): SealedRow } {
  const { params, p } = builder(d);
  if (table === 'idempotency_keys') {
    return {
      sql: `SELECT key, response_body FROM idempotency_keys WHERE merchant_id = ${p(merchantId)} AND substr(response_body, 1, 7) = 'sealed:' AND substr(response_body, 1, 11) <> ${p(sealedAnswerHead(version))} LIMIT ${p(limit)}`,
      params,
      row: (r) => {
        const body = String(r.response_body);
        return { table, id: String(r.key), keyVersion: versionOfAnswerHead(body.slice(7, 11)), fields: { response: answerCiphertext(body) } };
      },
    };
  }
  const t = RECORD_TABLES[table];
  // Parameters are taken in the order they appear (SQLite's are positional).
  const merchant = p(merchantId);
  const older = 'column' in t.version ? `key_version < ${p(version)}` : `${d.head(t.version.header)} <> ${p(headerOf(version))}`;
  return {
    sql: `SELECT ${t.id} AS id${'column' in t.version ? ', key_version' : ''}, ${fieldsOf(t).map(([, c]) => c).join(', ')} FROM ${table} WHERE merchant_id = ${merchant}${t.filter} AND ${older} ORDER BY ${t.id} LIMIT ${p(limit)}`,
    params,
    row: (r, bytes) => {
      const fields: SealedRow['fields'] = {};
      for (const [field, column] of fieldsOf(t)) {
        const value = bytes(r[column]);
        if (value) fields[field] = value;
      }
      const keyVersion = 'column' in t.version ? Number(r.key_version) : keyVersionOf(bytes(r[t.version.header])!);
      return { table, id: String(r.id), keyVersion, fields };
    },
  };
}

/**
 * SealedDataStore.reseal as one compare-and-set UPDATE: every ciphertext column must still hold
 * what was read, so a write that raced the rotation keeps its value. Null when it cannot apply.
 */
export function resealQuery(d: Dialect, merchantId: string, row: SealedRow, version: number, fields: SealedRow['fields']): Query | null {
  const { params, p } = builder(d);
  if (row.table === 'idempotency_keys') {
    const { response: before } = row.fields;
    const { response: after } = fields;
    if (!before || !after) return null;
    return { sql: `UPDATE idempotency_keys SET response_body = ${p(answerText(after))} WHERE merchant_id = ${p(merchantId)} AND key = ${p(row.id)} AND response_body = ${p(answerText(before))}`, params };
  }
  const t = RECORD_TABLES[row.table as RecordTableName];
  const sets = fieldsOf(t).map(([f, c]) => `${c} = ${p(fields[f] ?? null)}`);
  if ('column' in t.version) sets.push(`key_version = ${p(version)}`);
  const where = [`merchant_id = ${p(merchantId)}`, `${t.id} = ${p(row.id)}`, ...fieldsOf(t).map(([f, c]) => (row.fields[f] ? `${c} = ${p(row.fields[f])}` : `${c} IS NULL`))];
  return { sql: `UPDATE ${row.table} SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`, params };
}

/** SealedDataStore.countByVersion as one query over every table, and how its rows add up. */
export function countByVersionQuery(d: Dialect, merchantId: string): Query & { counts(rows: Array<Record<string, unknown>>): Array<{ keyVersion: number; count: number }> } {
  const { params, p } = builder(d);
  const selects = Object.entries(RECORD_TABLES).map(([name, t]) =>
    'column' in t.version
      ? `SELECT 'column' AS source, ${d.text('key_version')} AS v, ${d.count} AS n FROM ${name} WHERE merchant_id = ${p(merchantId)}${t.filter} GROUP BY key_version`
      : `SELECT 'header' AS source, ${d.headHex(t.version.header)} AS v, ${d.count} AS n FROM ${name} WHERE merchant_id = ${p(merchantId)}${t.filter} GROUP BY ${d.headHex(t.version.header)}`,
  );
  selects.push(
    `SELECT 'answer' AS source, substr(response_body, 8, 4) AS v, ${d.count} AS n FROM idempotency_keys WHERE merchant_id = ${p(merchantId)} AND substr(response_body, 1, 7) = 'sealed:' GROUP BY substr(response_body, 8, 4)`,
  );
  const versionOf = (source: string, v: string) => (source === 'answer' ? versionOfAnswerHead(v) : source === 'header' ? keyVersionOf(Buffer.from(v, 'hex')) : Number(v));
  return {
    sql: selects.join(' UNION ALL '),
    params,
    counts: (rows) => {
      const total = new Map<number, number>();
      for (const r of rows) {
        const keyVersion = versionOf(String(r.source), String(r.v));
        total.set(keyVersion, (total.get(keyVersion) ?? 0) + Number(r.n));
      }
      return [...total].sort(([a], [b]) => a - b).map(([version, count]) => ({ keyVersion: version, count }));
    },
  };
}
