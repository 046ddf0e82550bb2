import type { SQLInputValue } from 'node:sqlite';
import { countByVersionQuery, listNotUnderQuery, resealQuery, type Dialect } from '../sealed-tables.ts';
import type { SealedDataStore } from '../types.ts';
import { bytesOrNull, type Executor } from './executor.ts';

const SQLITE: Dialect = { param: () => '?', count: 'count(*)', text: (c) => c, head: (c) => `substr(${c}, 1, 3)`, headHex: (c) => `hex(substr(${c}, 1, 3))` };

export function sqliteSealedData(x: Executor): SealedDataStore {
  const { db } = x;
  const all = (q: { sql: string; params: unknown[] }) => db.all<Record<string, unknown>>(q.sql, ...(q.params as SQLInputValue[]));
  return {
    listNotUnder: (merchantId, table, version, limit) => {
      const q = listNotUnderQuery(SQLITE, merchantId, table, version, limit);
      return Promise.resolve(all(q).map((r) => q.row(r, bytesOrNull)));
    },
    reseal: (merchantId, row, version, fields) =>
      x.write(() => {
        const q = resealQuery(SQLITE, merchantId, row, version, fields);
        return q !== null && db.run(q.sql, ...(q.params as SQLInputValue[])).changes === 1;
      }),
    countByVersion: (merchantId) => {
      const q = countByVersionQuery(SQLITE, merchantId);
      return Promise.resolve(q.counts(all(q)));
    },
  };
}
