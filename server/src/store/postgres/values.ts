/**
 * Column values as the driver returns them, back into record fields: timestamptz
 * arrives as a Date (records carry ISO strings), bigint as a string (record ids
 * are numeric strings already; amounts become numbers), bytea as a Buffer.
 */
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
export const idOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** A plain Uint8Array view of the driver's Buffer, as the SQLite store returns. */
export const bytesOrNull = (v: unknown): Uint8Array | null => (v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null);
export const bytes = (v: unknown): Uint8Array => bytesOrNull(v) ?? new Uint8Array(0);
export const jsonOrNull = <T>(v: unknown): T | null => (v === null || v === undefined ? null : (JSON.parse(String(v)) as T));

/** `a = $3, b = $4, …` for the patch fields that map to a column, and their values. */
export function setClause(patch: object, columns: Record<string, string>, encode: (field: string, value: unknown) => unknown, firstParam: number) {
  const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && columns[k]);
  return {
    sets: entries.map(([k], i) => `${columns[k]} = $${firstParam + i}`).join(', '),
    values: entries.map(([k, v]) => encode(k, v)),
    empty: entries.length === 0,
  };
}

/** PostgreSQL's limit on bind parameters in one statement. */
const MAX_PARAMS = 65_535;

/**
 * `($1, $2, …), ($n+1, …)` for rows of values, in chunks that each fit one statement's
 * bind parameters: a multi-row INSERT is one round trip (and one savepoint in a
 * transaction) for many rows instead of one each.
 */
export function valueTuples(rows: unknown[][]): Array<{ tuples: string; params: unknown[] }> {
  const width = rows[0]?.length ?? 1;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / width));
  const chunks: Array<{ tuples: string; params: unknown[] }> = [];
  for (let from = 0; from < rows.length; from += perChunk) {
    const chunk = rows.slice(from, from + perChunk);
    chunks.push({
      tuples: chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', '),
      params: chunk.flat(),
    });
  }
  return chunks;
}
