import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A database that several CIM processes share for one test file. */
export interface SharedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** An embedded SQLite file in a temporary folder (WAL lets several processes open it). */
export async function startSharedDatabase(): Promise<SharedDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-shared-db-'));
  return { url: `sqlite:${join(dir, 'cim.db')}`, stop: async () => rmSync(dir, { recursive: true, force: true }) };
}
