import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './index.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('file modes', () => {
  it('creates the data folder 0700 and the database, WAL and SHM 0600', async () => {
    root = mkdtempSync(join(tmpdir(), 'cim-modes-'));
    const dbPath = join(root, 'data', 'cim.db');
    const store = openSqliteStore(dbPath);
    await store.audit.insert({ merchantId: null, actor: 'api', action: 'x', recordType: null, recordId: null, outcome: 'success', clientAddress: null, detail: null, at: new Date().toISOString() });
    expect(mode(join(root, 'data'))).toBe(0o700);
    for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect(mode(file), file).toBe(0o600);
    await store.close();
  });

  it('tightens a looser existing folder and files at start', async () => {
    root = mkdtempSync(join(tmpdir(), 'cim-modes-'));
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const dbPath = join(dir, 'cim.db');
    await openSqliteStore(dbPath).close();
    chmodSync(dbPath, 0o644);
    const store = openSqliteStore(dbPath);
    expect(mode(dir)).toBe(0o700);
    expect(mode(dbPath)).toBe(0o600);
    expect(mode(`${dbPath}-wal`)).toBe(0o600);
    await store.close();
  });
});
