import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { BackgroundCheckpointer } from './checkpointer.ts';
import { FILE_MODE, enforceMode, prepareDatabaseFiles } from './file-modes.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

/**
 * After a delete commits, the old page images (the deleted row's text and ciphertext) are
 * still in the WAL until a checkpoint copies the zeroed pages over and the WAL is truncated.
 * This bounds how long a trace of deleted data stays on disk.
 */
export const DELETE_TRACE_MS = 1000;

/** How long a statement waits for another connection's lock before answering "database is locked". */
const BUSY_TIMEOUT_MS = 5000;

/** SQLite's own automatic checkpoint threshold (pages), and the backstop kept while a checkpoint thread runs. */
const AUTOCHECKPOINT_PAGES = 1000;
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

export interface SqliteDatabaseOptions {
  /** Checkpoint the WAL from a worker thread instead of inside commits (checkpointer.ts). The server turns it on. */
  backgroundCheckpoints?: boolean;
}

interface Job {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * One node:sqlite connection with group commit.
 *
 * node:sqlite is synchronous and a `synchronous=FULL` commit costs an fsync, so
 * one commit per request caps writes near the disk's fsync rate. Instead, write
 * jobs queue up; on the next turn of the event loop every queued job runs inside
 * one transaction (each in its own savepoint, so one failure rolls back only its
 * own writes), the batch commits once, and only then does each job's promise
 * settle. Nobody is answered before their data is durable.
 */
export class SqliteDatabase {
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #queue: Job[] = [];
  #scheduled = false;
  #flushing = false;
  #deletedInBatch = false;
  #scrubTimer: NodeJS.Timeout | undefined;
  readonly #checkpointer: BackgroundCheckpointer | undefined;

  readonly path: string;

  constructor(path: string, options: SqliteDatabaseOptions = {}) {
    this.path = path;
    if (path !== ':memory:') prepareDatabaseFiles(path);
    // The busy timeout is set at open, before the first PRAGMA: a server starting beside another
    // one (or its checkpoint thread) after a crash waits out their WAL recovery instead of failing.
    this.db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
    this.db.exec('PRAGMA journal_mode = WAL');
    if (path !== ':memory:') for (const file of [`${path}-wal`, `${path}-shm`]) enforceMode(file, FILE_MODE);
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    // A 64 MiB page cache (SQLite's default is 2 MiB): a vault of a million cards is about 700 MB,
    // and random lookups then find its indexes' upper levels and hot pages in process, not in the OS.
    this.db.exec('PRAGMA cache_size = -65536');
    // Deleted rows (ciphertext included) are overwritten, not left in free pages.
    this.db.exec('PRAGMA secure_delete = ON');
    if (options.backgroundCheckpoints && path !== ':memory:') {
      this.db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
      this.#checkpointer = new BackgroundCheckpointer(path, BUSY_TIMEOUT_MS, (error) => {
        // Without the thread, commits checkpoint as SQLite does by default: slower in a large vault, never unbounded.
        if (this.db.isOpen) this.db.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        process.emitWarning(`SQLite checkpoint thread stopped (${error?.message}); commits checkpoint inline again`);
      });
    }
  }

  /** Checkpoint rounds run off the event loop so far (0 when checkpoints run inside commits). */
  get backgroundCheckpoints(): number {
    return this.#checkpointer?.rounds ?? 0;
  }

  statement(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number } {
    if (sql.trimStart().startsWith('DELETE')) this.#deletedInBatch = true;
    const result = this.statement(sql).run(...params);
    return { changes: Number(result.changes) };
  }

  /** Queues a write job for the next group commit. */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing) return;
    this.#scheduled = true;
    // setImmediate runs after the poll phase, so requests that arrived in the
    // same turn have already queued their writes and share this commit.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    this.#flushing = true;
    const batch = this.#queue;
    this.#queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const job of batch) {
        this.db.exec('SAVEPOINT job');
        try {
          const value = await job.fn();
          this.db.exec('RELEASE job');
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.db.exec('ROLLBACK TO job');
          this.db.exec('RELEASE job');
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
      this.#checkpointer?.committed();
    } catch (error) {
      // A closed connection (shutdown) fails BEGIN; its writers must still be answered.
      if (this.db.isOpen && this.db.isTransaction) this.db.exec('ROLLBACK');
      this.#flushing = false;
      for (const job of batch) job.reject(error);
      if (this.#queue.length > 0) this.#schedule();
      return;
    }
    this.#flushing = false;
    if (this.#deletedInBatch) this.#scrubDeletedSoon();
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    });
    if (this.#queue.length > 0) this.#schedule();
  }

  /** One checkpoint at most per DELETE_TRACE_MS, however many deletes commit meanwhile. */
  #scrubDeletedSoon(): void {
    this.#deletedInBatch = false;
    if (this.#scrubTimer) return;
    this.#scrubTimer = setTimeout(() => {
      this.#scrubTimer = undefined;
      this.checkpoint();
    }, DELETE_TRACE_MS);
    this.#scrubTimer.unref();
  }

  /**
   * Copies every WAL frame into the main file and truncates the WAL to zero bytes, so
   * overwritten and deleted page images are gone from disk. Skipped (retried on the next
   * delete) while a group commit is open.
   */
  checkpoint(): void {
    if (!this.db.isOpen || this.db.isTransaction) {
      if (this.db.isOpen) this.#scrubDeletedSoon();
      return;
    }
    // Busy when another connection (the checkpoint thread, another process) is mid-checkpoint or a
    // reader still needs the WAL: the WAL was not truncated, so try again shortly.
    if (this.get<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)')?.busy !== 0) this.#scrubDeletedSoon();
  }

  /** Applies the numbered .sql files in migrations/ that have not run yet. Returns the versions applied. */
  migrate(): number[] {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    const done = new Set(this.all<{ version: number }>('SELECT version FROM schema_migrations').map((r) => r.version));
    const applied: number[] = [];
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
      const version = Number(file.slice(0, 4));
      if (done.has(version)) continue;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
        this.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', version, file, new Date().toISOString());
        this.db.exec('COMMIT');
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw new Error(`Migration ${file} failed`, { cause: error });
      }
      applied.push(version);
    }
    return applied;
  }

  /** Resolves once every queued write has committed (or failed), so closing loses nothing. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#scheduled || this.#flushing) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    clearTimeout(this.#scrubTimer);
    this.#scrubTimer = undefined;
    this.#checkpointer?.stop();
    if (this.db.isOpen) {
      // A deletion waiting for its checkpoint still gets it.
      this.checkpoint();
      this.db.close();
    }
  }
}
