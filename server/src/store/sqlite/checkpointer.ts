import { Worker } from 'node:worker_threads';

/** Int32 slots shared with the checkpoint thread. */
export const CHECKPOINT_SLOTS = { commits: 0, checkpoints: 1, closed: 2 } as const;

/** How often the thread looks for new commits: about the WAL SQLite's own 1,000-page default would hold at full write load. */
const INTERVAL_MS = 100;
/** How long closing waits for the thread to close its connection. */
const STOP_WAIT_MS = 5000;

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit
 * that crosses 1,000 WAL pages, on the writer's thread: it copies every page the WAL holds into
 * the main file and fsyncs it. In a large vault those pages are scattered (random ids, random
 * fingerprints), so that commit, and every request waiting behind the event loop, pays for
 * writing hundreds of separate pages. A worker thread with its own connection does it instead,
 * in parallel with the writer; the writer keeps a far higher automatic threshold as a backstop
 * (and to restart the WAL when the thread's rounds never catch up with a busy writer).
 */
export class BackgroundCheckpointer {
  readonly #worker: Worker;
  readonly #slots: Int32Array;
  #running = true;

  /** `busyTimeoutMs`: the thread's connection waits for other connections' locks as long as the writer's does. */
  constructor(path: string, busyTimeoutMs: number, onExit: (error: Error | undefined) => void) {
    const shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 3);
    this.#slots = new Int32Array(shared);
    this.#worker = new Worker(new URL('./checkpoint-thread.ts', import.meta.url), { workerData: { path, shared, intervalMs: INTERVAL_MS, busyTimeoutMs } });
    // Never what keeps a process alive: an exit without close() is a crash, which WAL recovers from.
    this.#worker.unref();
    let failure: Error | undefined;
    this.#worker.on('error', (error) => (failure = error));
    this.#worker.on('exit', () => {
      const unexpected = this.#running;
      this.#running = false;
      if (unexpected) onExit(failure ?? new Error('the checkpoint thread exited'));
    });
  }

  /** Called after each commit: tells the thread there is something to copy. */
  committed(): void {
    Atomics.add(this.#slots, CHECKPOINT_SLOTS.commits, 1);
  }

  /** Checkpoint rounds the thread has run (for tests and diagnostics). */
  get rounds(): number {
    return Atomics.load(this.#slots, CHECKPOINT_SLOTS.checkpoints);
  }

  /** Synchronous, so SqliteDatabase.close() stays synchronous: the thread's connection is closed before the writer's. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#worker.postMessage('stop');
    Atomics.wait(this.#slots, CHECKPOINT_SLOTS.closed, 0, STOP_WAIT_MS);
  }
}
