import { createHash } from 'node:crypto';
import { canonicalText, type ColumnKind } from './column-values.ts';

const MOD = 1n << 128n;

/**
 * An order-independent checksum of a table: the sum (mod 2^128) of a SHA-256 per
 * row over its canonical column texts. The two sides read rows in whatever order
 * their engine likes (SQLite and PostgreSQL collate text differently), and still
 * agree exactly when they hold the same rows.
 */
export class TableChecksum {
  #sum = 0n;
  rows = 0;
  readonly #columns: Array<[string, ColumnKind]>;

  constructor(columns: Array<[string, ColumnKind]>) {
    this.#columns = [...columns].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  add(row: Record<string, unknown>): void {
    const hash = createHash('sha256');
    for (const [name, kind] of this.#columns) {
      const text = canonicalText(kind, row[name]);
      // Length-prefixed, with NULL distinct from every text.
      hash.update(text === null ? 'N;' : `${Buffer.byteLength(text)}:${text};`);
    }
    this.#sum = (this.#sum + BigInt(`0x${hash.digest('hex').slice(0, 32)}`)) % MOD;
    this.rows++;
  }

  get hex(): string {
    return this.#sum.toString(16).padStart(32, '0');
  }
}
