import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { CHECKPOINT_SLOTS } from './checkpointer.ts';

/**
 * The checkpointer's thread: its own connection to the database file, which copies committed WAL
 * frames into the main file whenever the writer has committed since the last look. PASSIVE never
 * waits for or blocks the writer; it copies what no reader still needs and leaves the rest for
 * the next round.
 */
const { path, shared, intervalMs, busyTimeoutMs } = workerData as { path: string; shared: SharedArrayBuffer; intervalMs: number; busyTimeoutMs: number };
const slots = new Int32Array(shared);
const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
// The checkpoint's own fsync of the main file follows this connection's setting: as durable as the writer's.
db.exec('PRAGMA synchronous = FULL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

// From 0, not the count at start: commits made while this thread was starting are copied too.
let seen = 0;
const timer = setInterval(() => {
  const commits = Atomics.load(slots, CHECKPOINT_SLOTS.commits);
  if (commits === seen) return;
  try {
    checkpoint.get();
    seen = commits;
    Atomics.add(slots, CHECKPOINT_SLOTS.checkpoints, 1);
  } catch {
    // Locked past the busy timeout (another process recovering the WAL, say): the next round tries again.
  }
}, intervalMs);

parentPort!.once('message', () => {
  clearInterval(timer);
  db.close();
  Atomics.store(slots, CHECKPOINT_SLOTS.closed, 1);
  Atomics.notify(slots, CHECKPOINT_SLOTS.closed);
  parentPort!.close();
});
