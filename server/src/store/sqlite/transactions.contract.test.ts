import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTransactionStoreContract } from '../transactions.contract.ts';
import { openSqliteStore } from './index.ts';

runTransactionStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-contract-'));
  const store = openSqliteStore(join(dir, 'cim.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
