/**
 * One value of one column, as canonical text: what the copy sends to PostgreSQL
 * (cast there from text to the column's type) and what the checksum hashes on
 * both sides. SQLite keeps booleans as 0/1, timestamps and JSON as text and ids
 * as integers; PostgreSQL (through postgres.js) gives booleans, Dates, parsed
 * JSON, strings for bigint and Buffers for bytea. Both reduce to the same text.
 */
export type ColumnKind = 'boolean' | 'bytes' | 'timestamp' | 'json' | 'text';

/** The kind of a PostgreSQL column from its format_type(). */
export function columnKind(pgType: string): ColumnKind {
  if (pgType === 'boolean') return 'boolean';
  if (pgType === 'bytea') return 'bytes';
  if (pgType.startsWith('timestamp')) return 'timestamp';
  if (pgType === 'json' || pgType === 'jsonb') return 'json';
  return 'text';
}

/** JSON with object keys sorted: jsonb reorders keys, so the text of a JSON value is compared this way. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The canonical text of a value, or null for SQL NULL. */
export function canonicalText(kind: ColumnKind, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true || value === 1 || value === 1n || value === 't' ? 'true' : 'false';
    case 'bytes':
      return `\\x${Buffer.from(value as Uint8Array).toString('hex')}`;
    case 'timestamp':
      return new Date(value instanceof Date ? value : String(value)).toISOString();
    case 'json':
      return canonicalJson(typeof value === 'string' ? JSON.parse(value) : value);
    default:
      return String(value);
  }
}
