import { countByVersionQuery, listNotUnderQuery, resealQuery, type Dialect } from '../sealed-tables.ts';
import type { SealedDataStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { bytesOrNull } from './values.ts';

const POSTGRES: Dialect = {
  param: (i) => `$${i}`,
  count: 'count(*)::int',
  text: (c) => `${c}::text`,
  head: (c) => `substring(${c} from 1 for 3)`,
  headHex: (c) => `encode(substring(${c} from 1 for 3), 'hex')`,
};

export function postgresSealedData(x: Executor): SealedDataStore {
  return {
    listNotUnder: async (merchantId, table, version, limit) => {
      const q = listNotUnderQuery(POSTGRES, merchantId, table, version, limit);
      return (await x.query<Record<string, unknown>>(q.sql, q.params)).map((r) => q.row(r, bytesOrNull));
    },
    reseal: async (merchantId, row, version, fields) => {
      const q = resealQuery(POSTGRES, merchantId, row, version, fields);
      return q !== null && (await affected(x, q.sql, q.params)) === 1;
    },
    countByVersion: async (merchantId) => {
      const q = countByVersionQuery(POSTGRES, merchantId);
      return q.counts(await x.query<Record<string, unknown>>(q.sql, q.params));
    },
  };
}
