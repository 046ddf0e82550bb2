import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { DuplicateError } from '../../errors.ts';
import type { ErrorCode } from '@cim/shared';
import { mapDatabaseError } from './availability.ts';
import { PoolGate } from './gate.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

/** The numbered .sql files of migrations/, in order. */
export const migrationFiles = () => readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
/** The schema versions this build ships, in order. */
export const migrationVersions = () => migrationFiles().map((f) => Number(f.slice(0, 4)));
/** pg_advisory_xact_lock key for migrations ("CIM\0"): one instance migrates, the others wait and find nothing to do. */
const MIGRATION_LOCK = 0x43494d00;
/** A SERIALIZABLE transaction that lost a race is run again, up to this many times. */
const MAX_ATTEMPTS = 30;

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** How long a request waits for a free connection before answering 503. */
  acquireTimeoutMs: number;
  /** At most this many requests wait for a connection; beyond it, 503 at once. */
  queueLimit: number;
  /** Server-side statement_timeout. */
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

type Row = Record<string, unknown>;
type Params = readonly unknown[];

/**
 * How a store primitive reaches the database: `query` runs one statement;
 * `guarded` runs one that may break a unique constraint. In PostgreSQL an error
 * aborts the whole transaction, whereas domain code may catch a DuplicateError
 * and carry on (as it can on SQLite), so inside a transaction a guarded
 * statement runs in its own savepoint.
 */
export interface Executor {
  query<T = Row>(text: string, params?: Params): Promise<T[]>;
  /** `byConstraint`: a unique violation of one of these constraints throws its error instead of the DuplicateError. */
  guarded<T = Row>(text: string, params: Params, code: ErrorCode, message: string, byConstraint?: ConstraintErrors): Promise<T[]>;
}

/** Unique constraint name → the error its violation means (e.g. a primary-key clash is IdTakenError, not a duplicate). */
export type ConstraintErrors = Readonly<Record<string, () => Error>>;

const UNIQUE_VIOLATION = '23505';

async function orDuplicate<T>(run: () => Promise<T>, code: ErrorCode, message: string, byConstraint?: ConstraintErrors): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const { code: sqlState, constraint_name: constraint } = error as { code?: string; constraint_name?: string };
    if (sqlState !== UNIQUE_VIOLATION) throw error;
    const specific = constraint === undefined ? undefined : byConstraint?.[constraint];
    throw specific ? specific() : new DuplicateError(code, message);
  }
}

function unsafe<T>(sql: postgres.Sql | postgres.TransactionSql, text: string, params: Params = []): Promise<T[]> {
  return sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }) as unknown as Promise<T[]>;
}

function isSerializationFailure(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** The URL's target_session_attrs, with read-write (and no setting at all) meaning the primary. */
export function sessionAttrs(url: string): 'primary' | 'prefer-standby' | 'standby' | 'read-only' {
  const asked = /[?&]target_session_attrs=([^&]+)/.exec(url)?.[1];
  return asked === 'prefer-standby' || asked === 'standby' || asked === 'read-only' ? asked : 'primary';
}

/** One postgres.js pool behind a bounded admission gate. */
export class PostgresDatabase {
  readonly sql: postgres.Sql;
  readonly gate: PoolGate;
  /** Past this, an operation answers 503 even if the driver never settles it (see PoolGate.run). */
  readonly deadlineMs: number;

  constructor(options: PostgresOptions) {
    this.sql = postgres(options.url, {
      max: options.poolSize,
      connect_timeout: options.connectTimeoutMs / 1000,
      idle_timeout: 60,
      // Reconnect quickly after a failover; the driver's default backs off up to 20 s.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      prepare: true,
      onnotice: () => undefined,
      // A vault writes: with several hosts, use the primary. Not 'read-write', even when the URL
      // says so: postgres.js 3.4 judges read-write by default_transaction_read_only alone, which a
      // hot standby reports as off, so it would settle on a standby and every transaction there
      // fails ("cannot use serializable mode in a hot standby") until the pool is recycled.
      // 'primary' checks in_hot_standby, which is what libpq's read-write means too.
      target_session_attrs: sessionAttrs(options.url),
      connection: {
        application_name: 'cim',
        TimeZone: 'UTC',
        statement_timeout: options.statementTimeoutMs,
        idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 2, 10_000),
      },
    });
    this.gate = new PoolGate(options.poolSize, options.acquireTimeoutMs, options.queueLimit);
    // A transaction may run a few statements, each bounded by statement_timeout, after connecting.
    this.deadlineMs = 2 * options.statementTimeoutMs + options.connectTimeoutMs;
  }

  /** Outside a transaction: each statement takes one admission and commits on its own (durably: synchronous_commit stays on). */
  readonly autoCommit: Executor = {
    query: (text, params) => this.#admitted(() => unsafe(this.sql, text, params)),
    guarded: (text, params, code, message, byConstraint) => this.#admitted(() => orDuplicate(() => unsafe(this.sql, text, params), code, message, byConstraint)),
  };

  static inTransaction(tx: postgres.TransactionSql): Executor {
    return {
      query: (text, params) => unsafe(tx, text, params),
      guarded: (text, params, code, message, byConstraint) =>
        orDuplicate(() => tx.savepoint((sp) => unsafe(sp, text, params)) as Promise<never>, code, message, byConstraint),
    };
  }

  async #admitted<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(fn, this.deadlineMs);
    } catch (error) {
      throw mapDatabaseError(error);
    }
  }

  /**
   * SERIALIZABLE, so a limit or uniqueness that domain code checks inside holds
   * under concurrency (as on SQLite, where transactions run one at a time); a
   * transaction that loses a race is rolled back and run again. It settles only
   * after COMMIT returned, i.e. once the commit is durable.
   */
  async transaction<T>(fn: (x: Executor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.gate.run(() => this.sql.begin('isolation level serializable', (tx) => fn(PostgresDatabase.inTransaction(tx))) as Promise<T>, this.deadlineMs);
      } catch (error) {
        if (isSerializationFailure(error) && attempt < MAX_ATTEMPTS) {
          await sleep(Math.random() * Math.min(2 ** attempt, 50));
          continue;
        }
        throw mapDatabaseError(error);
      }
    }
  }

  /** Applies the numbered .sql files not applied yet, all under one advisory lock. Returns the versions applied. */
  async migrate(): Promise<number[]> {
    const files = migrationFiles();
    try {
      return (await this.sql.begin(async (tx) => {
        await unsafe(tx, 'SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await unsafe(tx, 'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
        await unsafe(tx, "COMMENT ON TABLE schema_migrations IS 'cim:reference'");
        const done = new Set((await unsafe<{ version: number }>(tx, 'SELECT version FROM schema_migrations')).map((r) => r.version));
        const applied: number[] = [];
        for (const file of files) {
          const version = Number(file.slice(0, 4));
          if (done.has(version)) continue;
          try {
            await tx.unsafe(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
          } catch (error) {
            throw new Error(`Migration ${file} failed`, { cause: error });
          }
          await unsafe(tx, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [version, file]);
          applied.push(version);
        }
        return applied;
      })) as number[];
    } catch (error) {
      throw mapDatabaseError(error);
    }
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

/** Runs one INSERT/UPDATE/DELETE and returns how many rows it touched, without sending them back. */
export async function affected(x: Executor, statement: string, params: Params): Promise<number> {
  const [row] = await x.query<{ n: number }>(`WITH d AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM d`, params);
  return row?.n ?? 0;
}
