import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { emit } from './webhook-events.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

describe('event ids', () => {
  it('stay unique when more events than the per-millisecond counter holds are emitted in one millisecond (a frozen clock)', async () => {
    const ctx = { merchantId: t.merchant.id, clock: t.clock };
    const count = 1010;
    await t.deps.store.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await emit(ctx, tx, 'customer.created', { id: String(i) });
    });
    // Another merchant's events in the same millisecond take other ids too (SQLite's ids are table-wide).
    await t.deps.store.transaction((tx) => emit({ merchantId: t.other.id, clock: t.clock }, tx, 'customer.created', { id: 'x' }));
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await t.deps.store.webhooks.listEvents(t.merchant.id, { cursor, limit: 100 });
      for (const e of page.rows) ids.add(e.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids.size).toBe(count);
    expect((await t.deps.store.webhooks.listEvents(t.other.id, { limit: 10 })).rows).toHaveLength(1);
  });
});
