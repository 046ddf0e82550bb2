import { answerCiphertext, answerText, COLUMN_TABLES, countByVersionSql, countsFromRows, fieldColumns, sealedAnswerHead, sealedRowOf, versionOfAnswerHead } from '../sealed-tables.ts';
import type { SealedDataStore } from '../types.ts';
import { bytesOrNull, type Executor } from './executor.ts';

export function sqliteSealedData(x: Executor): SealedDataStore {
  const { db } = x;
  return {
    listNotUnder: (merchantId, table, version, limit) => {
      if (table === 'idempotency_keys') {
        const rows = db.all<{ key: string; response_body: string }>(
          "SELECT key, response_body FROM idempotency_keys WHERE merchant_id = ? AND substr(response_body, 1, 7) = 'sealed:' AND substr(response_body, 1, 11) <> ? LIMIT ?",
          merchantId, sealedAnswerHead(version), limit,
        );
        return Promise.resolve(rows.map((r) => ({ table, id: r.key, keyVersion: versionOfAnswerHead(r.response_body.slice(7, 11)), fields: { response: answerCiphertext(r.response_body) } })));
      }
      const columns = fieldColumns(table).map(([, c]) => c).join(', ');
      const rows = db.all<Record<string, unknown>>(
        `SELECT id, key_version, ${columns} FROM ${table} WHERE merchant_id = ? AND key_version < ?${COLUMN_TABLES[table].filter} ORDER BY key_version, id LIMIT ?`,
        merchantId, version, limit,
      );
      return Promise.resolve(rows.map((r) => sealedRowOf(table, r, bytesOrNull)));
    },
    reseal: (merchantId, row, version, fields) =>
      x.write(() => {
        if (row.table === 'idempotency_keys') {
          const { response: before } = row.fields;
          const { response: after } = fields;
          if (!before || !after) return false;
          return db.run('UPDATE idempotency_keys SET response_body = ? WHERE merchant_id = ? AND key = ? AND response_body = ?', answerText(after), merchantId, row.id, answerText(before)).changes === 1;
        }
        const columns = fieldColumns(row.table);
        // Every ciphertext column must still hold what was read: a write that raced the rotation keeps its value.
        const sets = columns.map(([, c]) => `${c} = ?`).join(', ');
        const checks = columns.map(([, c]) => `${c} IS ?`).join(' AND ');
        return (
          db.run(
            `UPDATE ${row.table} SET ${sets}, key_version = ? WHERE merchant_id = ? AND id = ? AND ${checks}`,
            ...columns.map(([f]) => fields[f] ?? null), version, merchantId, row.id, ...columns.map(([f]) => row.fields[f] ?? null),
          ).changes === 1
        );
      }),
    countByVersion: (merchantId) => {
      const { sql, params } = countByVersionSql({ merchant: () => '?', count: 'count(*)', version: 'key_version' });
      return Promise.resolve(countsFromRows(db.all<{ source: string; v: unknown; n: unknown }>(sql, ...Array<string>(params).fill(merchantId))));
    },
  };
}
