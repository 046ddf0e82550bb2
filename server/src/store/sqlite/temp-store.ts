import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreFixture } from '../contract.ts';
import { openSqliteStore } from './index.ts';

/** For the contract suites: a real file (WAL, synchronous=FULL) per test, as the server runs it. */
export async function tempSqliteStore(): Promise<StoreFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-contract-'));
  const store = openSqliteStore(join(dir, 'cim.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
