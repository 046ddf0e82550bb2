import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from './database.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-checkpointer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** About 2,000 pages over 40 group commits: over SQLite's 1,000-page default, under the 10,000-page backstop. */
async function write(db: SqliteDatabase): Promise<void> {
  db.db.exec('CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  for (let commit = 0; commit < 40; commit++) {
    await Promise.all(Array.from({ length: 50 }, () => db.enqueue(async () => db.run('INSERT INTO blobs (body) VALUES (?)', randomBytes(3000)))));
  }
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WAL checkpoints from a thread', () => {
  it('copy committed pages into the main file while the writer itself never checkpoints', async () => {
    const path = join(dir, 'cim.db');
    const db = new SqliteDatabase(path, { backgroundCheckpoints: true });
    expect(db.db.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 10_000 });
    const before = statSync(path).size;
    await write(db);
    // Below the writer's own threshold, only the thread can have grown the main file.
    await until(() => db.backgroundCheckpoints > 0 && statSync(path).size > before + 2000 * 3000);
    db.close();

    const again = new SqliteDatabase(path);
    expect(again.get<{ n: number }>('SELECT count(*) AS n FROM blobs')?.n).toBe(2000);
    // close() stopped the thread and closed its connection first: nothing holds the WAL.
    expect(again.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get()).toMatchObject({ busy: 0 });
    again.close();
  });

  it('are off unless asked for: commits checkpoint as SQLite does by default', async () => {
    const path = join(dir, 'cim.db');
    const db = new SqliteDatabase(path);
    expect(db.db.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 1000 });
    await write(db);
    expect(db.backgroundCheckpoints).toBe(0);
    db.close();
  });

  it('leave nothing running after close, so a process can open and close the database many times', async () => {
    const path = join(dir, 'cim.db');
    for (let i = 0; i < 5; i++) {
      const db = new SqliteDatabase(path, { backgroundCheckpoints: true });
      await Promise.all(Array.from({ length: 10 }, () => db.enqueue(async () => db.db.exec('CREATE TABLE IF NOT EXISTS t (x)'))));
      db.close();
    }
    const db = new SqliteDatabase(path);
    expect(db.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get()).toMatchObject({ busy: 0 });
    db.close();
  });
});

describe('opening the database', () => {
  // Two servers started together after a kill -9 race to recover the WAL; the one that loses must
  // wait for the lock like any other statement, not fail its first PRAGMA with "database is locked".
  it('waits for a lock another process holds, from the first statement on', async () => {
    const path = join(dir, 'cim.db');
    new SqliteDatabase(path).close();
    // Another process takes the database exclusively for 400 ms, then lets go.
    const holder = spawn(process.execPath, ['-e', `
      const { DatabaseSync } = require('node:sqlite');
      const db = new DatabaseSync(${JSON.stringify(path)});
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      db.exec('CREATE TABLE held (x)');
      console.log('holding');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const started = Date.now();
    const db = new SqliteDatabase(path, { backgroundCheckpoints: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'held'")?.n).toBe(1);
    db.close();
    await new Promise((resolve) => holder.once('exit', resolve));
  });
});
