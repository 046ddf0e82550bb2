import { existsSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardBody, newCard, newCustomer, type TestApp } from '../../routes/fixtures.ts';
import { makeTestApp } from '../../test-support.ts';

const files = (dbPath: string) => [dbPath, `${dbPath}-wal`].map((p) => (existsSync(p) ? readFileSync(p) : Buffer.alloc(0)));

/** Polls every 100 ms for up to `ms` until `check` holds; returns how long it took. */
async function within(ms: number, check: () => boolean): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`still not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

// The server checkpoints from a thread (checkpointer.ts); tools and most tests that open the store directly, inside commits.
describe.each([{ backgroundCheckpoints: true }, { backgroundCheckpoints: false }])('deleted data leaves no trace on disk (%o)', (sqlite) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp({ sqlite });
  });
  afterEach(() => t.cleanup());

  it('after DELETE /v1/customers/:id, neither the main file nor the WAL holds its description, billing name or card ciphertext within 5 s', async () => {
    const description = 'Trace-me-description-Zq81';
    const customerId = await newCustomer(t.api, { description });
    const card = await newCard(t.api, customerId, cardBody(undefined, { billTo: { firstName: 'Wilhelmina', lastName: 'Tracewell', zip: '10001' } }));
    // A second customer keeps the file busy with live data of its own.
    await newCustomer(t.api, { description: 'keeper' });
    const db = new DatabaseSync(t.dbPath, { readOnly: true });
    const { number_ct: numberCt } = db.prepare('SELECT number_ct FROM payment_profiles WHERE id = ?').get(Number(card.id)) as { number_ct: Uint8Array };
    db.close();
    const traces = [Buffer.from(description), Buffer.from('Tracewell'), Buffer.from(numberCt)];
    const hasTrace = () => files(t.dbPath).some((bytes) => traces.some((trace) => bytes.includes(trace)));
    expect(hasTrace()).toBe(true);

    const res = await t.api('DELETE', `/v1/customers/${customerId}`);
    expect(res.status).toBe(204);
    const took = await within(5000, () => !hasTrace());
    expect(took).toBeLessThanOrEqual(5000);
    // The survivor is intact.
    expect(files(t.dbPath).some((bytes) => bytes.includes(Buffer.from('keeper')))).toBe(true);
  });
});
