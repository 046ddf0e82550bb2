import { databaseUnavailable } from './availability.ts';

/**
 * Admission to the connection pool: at most `size` operations hold a connection;
 * the rest wait at most `timeoutMs`, and no more than `queueLimit` may wait at
 * all. The driver's own queue is unbounded, so nothing reaches it unadmitted:
 * an exhausted pool answers 503 after a bounded wait instead of piling up.
 */
export class PoolGate {
  readonly #waiting: Array<() => void> = [];
  #free: number;
  readonly size: number;
  readonly timeoutMs: number;
  readonly queueLimit: number;

  constructor(size: number, timeoutMs: number, queueLimit: number) {
    this.size = size;
    this.timeoutMs = timeoutMs;
    this.queueLimit = queueLimit;
    this.#free = size;
  }

  /**
   * Runs `fn` holding one admission. With `deadlineMs`, the caller gets a 503 once
   * that has passed, but the admission stays held until `fn` settles: an operation
   * the driver never finishes (postgres.js can leave a query waiting on a connection
   * that cycles through dead hosts during a failover) answers in bounded time and
   * still counts against the pool, so the driver's queue stays bounded too.
   */
  async run<T>(fn: () => Promise<T>, deadlineMs?: number): Promise<T> {
    await this.#acquire();
    let operation: Promise<T>;
    try {
      operation = fn();
    } catch (error) {
      this.#release();
      throw error;
    }
    void operation.then(() => this.#release(), () => this.#release());
    if (deadlineMs === undefined) return operation;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(databaseUnavailable(new Error(`the database did not answer within ${deadlineMs} ms`))), deadlineMs);
    });
    try {
      return await Promise.race([operation, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  #acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.queueLimit) return Promise.reject(databaseUnavailable(new Error('connection pool queue is full')));
    return new Promise<void>((resolve, reject) => {
      const admit = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.#waiting.indexOf(admit);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(databaseUnavailable(new Error(`no database connection free within ${this.timeoutMs} ms`)));
      }, this.timeoutMs);
      this.#waiting.push(admit);
    });
  }

  #release(): void {
    // The freed admission passes straight to the longest waiter.
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}
