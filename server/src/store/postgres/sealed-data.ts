import { answerCiphertext, answerText, COLUMN_TABLES, countByVersionSql, countsFromRows, fieldColumns, sealedAnswerHead, sealedRowOf, versionOfAnswerHead } from '../sealed-tables.ts';
import type { SealedDataStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { bytesOrNull } from './values.ts';

export function postgresSealedData(x: Executor): SealedDataStore {
  return {
    listNotUnder: async (merchantId, table, version, limit) => {
      if (table === 'idempotency_keys') {
        const rows = await x.query<{ key: string; response_body: string }>(
          "SELECT key, response_body FROM idempotency_keys WHERE merchant_id = $1 AND substr(response_body, 1, 7) = 'sealed:' AND substr(response_body, 1, 11) <> $2 LIMIT $3",
          [merchantId, sealedAnswerHead(version), limit],
        );
        return rows.map((r) => ({ table, id: r.key, keyVersion: versionOfAnswerHead(r.response_body.slice(7, 11)), fields: { response: answerCiphertext(r.response_body) } }));
      }
      const columns = fieldColumns(table).map(([, c]) => c).join(', ');
      const rows = await x.query<Record<string, unknown>>(
        `SELECT id, key_version, ${columns} FROM ${table} WHERE merchant_id = $1 AND key_version < $2${COLUMN_TABLES[table].filter} ORDER BY key_version, id LIMIT $3`,
        [merchantId, version, limit],
      );
      return rows.map((r) => sealedRowOf(table, r, bytesOrNull));
    },
    reseal: async (merchantId, row, version, fields) => {
      if (row.table === 'idempotency_keys') {
        const { response: before } = row.fields;
        const { response: after } = fields;
        if (!before || !after) return false;
        return (await affected(x, 'UPDATE idempotency_keys SET response_body = $3 WHERE merchant_id = $1 AND key = $2 AND response_body = $4', [merchantId, row.id, answerText(after), answerText(before)])) === 1;
      }
      const columns = fieldColumns(row.table);
      const n = columns.length;
      // Every ciphertext column must still hold what was read: a write that raced the rotation keeps its value.
      const sets = columns.map(([, c], i) => `${c} = $${4 + i}`).join(', ');
      const checks = columns.map(([, c], i) => `${c} IS NOT DISTINCT FROM $${4 + n + i}::bytea`).join(' AND ');
      return (
        (await affected(x, `UPDATE ${row.table} SET ${sets}, key_version = $3 WHERE merchant_id = $1 AND id = $2 AND ${checks}`, [
          merchantId, row.id, version, ...columns.map(([f]) => fields[f] ?? null), ...columns.map(([f]) => row.fields[f] ?? null),
        ])) === 1
      );
    },
    countByVersion: async (merchantId) => {
      const { sql } = countByVersionSql({ merchant: () => '$1', count: 'count(*)::int', version: 'key_version::text' });
      return countsFromRows(await x.query<{ source: string; v: unknown; n: unknown }>(sql, [merchantId]));
    },
  };
}
