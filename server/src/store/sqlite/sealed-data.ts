import { addCounts, answerCiphertext, answerText, COLUMN_TABLES, fieldColumns, sealedAnswerHead, sortedCounts, versionOfAnswerHead, sealedRowOf } from '../sealed-tables.ts';
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
      const rows = db.all<{ source: string; v: number | string; n: number }>(
        `SELECT 'column' AS source, key_version AS v, count(*) AS n FROM payment_profiles WHERE merchant_id = ? GROUP BY key_version
         UNION ALL SELECT 'column', key_version, count(*) FROM transactions WHERE merchant_id = ?${COLUMN_TABLES.transactions.filter} GROUP BY key_version
         UNION ALL SELECT 'answer', substr(response_body, 8, 4), count(*) FROM idempotency_keys WHERE merchant_id = ? AND substr(response_body, 1, 7) = 'sealed:' GROUP BY substr(response_body, 8, 4)`,
        merchantId, merchantId, merchantId,
      );
      const total = addCounts(new Map(), rows.map((r) => ({ keyVersion: r.source === 'answer' ? versionOfAnswerHead(String(r.v)) : Number(r.v), count: Number(r.n) })));
      return Promise.resolve(sortedCounts(total));
    },
  };
}
