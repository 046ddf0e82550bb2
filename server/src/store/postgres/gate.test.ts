import { describe, expect, it } from 'vitest';
import { PoolGate } from './gate.ts';

describe('PoolGate deadline', () => {
  it('answers 503 database_unavailable for an operation the driver never settles, and keeps its admission held until it does', async () => {
    const gate = new PoolGate(1, 50, 10);
    let settle!: () => void;
    const stuck = gate.run(() => new Promise<void>((r) => (settle = r)), 30);
    await expect(stuck).rejects.toMatchObject({ code: 'database_unavailable', retryAfter: 1 });
    // Still held: the next one waits for a connection and is refused after the acquire timeout.
    await expect(gate.run(async () => 'next', 30)).rejects.toMatchObject({ code: 'database_unavailable' });
    settle();
    await expect(gate.run(async () => 'after', 30)).resolves.toBe('after');
  });

  it('passes answers and errors within the deadline through', async () => {
    const gate = new PoolGate(2, 50, 10);
    await expect(gate.run(async () => 42, 1_000)).resolves.toBe(42);
    await expect(gate.run(() => Promise.reject(new Error('boom')), 1_000)).rejects.toThrow('boom');
    await expect(gate.run(async () => 'free again')).resolves.toBe('free again');
  });
});
