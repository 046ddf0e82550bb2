import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import type { AppDeps } from '../deps.ts';
import { SandboxProcessor } from '../processor/sandbox.ts';
import { storedCard, type TestApp } from '../routes/transaction-fixtures.ts';
import { runSchedulerOnce } from '../scheduler.ts';
import { makeTestApp } from '../test-support.ts';
import { openAnotherStore } from '../testing/another-instance.ts';
import { KeyRing } from '../vault/keyring.ts';
import { Redacted } from '../redacted.ts';
import { occurrenceKey } from './subscription-billing.ts';

let t: TestApp;
const opened: Array<{ close(): Promise<void> }> = [];
beforeEach(async () => {
  t = await makeTestApp({ now: new Date('2026-06-15T08:00:00Z') });
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  await t.cleanup();
});

/** Another CIM instance on the same database: its own connections, processor and clock. */
async function secondInstance(): Promise<AppDeps & { clock: ReturnType<typeof fixedClock>; processor: SandboxProcessor }> {
  const store = await openAnotherStore(t);
  opened.push(store);
  const master = { key: new Redacted(Buffer.from(t.deps.config.CIM_MASTER_KEY!.unwrap(), 'base64')), version: 1, source: 'environment' } as const;
  return { ...t.deps, store, keyring: new KeyRing(master), clock: fixedClock(t.clock.now()), processor: new SandboxProcessor() };
}

async function subscribe(body: Record<string, unknown> = {}) {
  const ids = await storedCard(t.api);
  const res = await t.api('POST', '/v1/subscriptions', { customerProfileId: ids.customerProfileId, paymentProfileId: ids.paymentProfileId, amount: '9.99', interval: { length: 1, unit: 'months' }, startDate: '2026-06-15', totalOccurrences: 6, ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

/** Money that moved for an occurrence, over every instance's processor. */
async function charges(subscriptionId: string, occurrence: number, processors: SandboxProcessor[]) {
  const tx = await t.deps.store.transactions.getByIdempotencyKey(t.merchant.id, occurrenceKey(subscriptionId, occurrence));
  return { tx, executions: tx ? processors.reduce((n, p) => n + p.executions(tx.id), 0) : 0 };
}

describe('the subscription scheduler', () => {
  it('charges a due occurrence exactly once with several instances on one database, and again after a restart', async () => {
    const sub = await subscribe();
    const b = await secondInstance();
    const c = await secondInstance();
    await Promise.all([runSchedulerOnce(t.deps), runSchedulerOnce(b), runSchedulerOnce(c), runSchedulerOnce(t.deps), runSchedulerOnce(b)]);
    const processors = [t.deps.processor as SandboxProcessor, b.processor, c.processor];
    const first = await charges(sub.id, 1, processors);
    expect(first.tx?.status).toBe('approved');
    expect(first.executions).toBe(1);
    expect(await t.deps.store.subscriptions.listOccurrences(t.merchant.id, sub.id)).toHaveLength(1);

    // A restart: a fresh connection, nothing remembered in memory. Same day: nothing more is charged.
    const restarted = await secondInstance();
    await runSchedulerOnce(restarted);
    expect(await t.deps.store.subscriptions.listOccurrences(t.merchant.id, sub.id)).toHaveLength(1);

    // A month on, the next occurrence, again exactly once.
    for (const clock of [t.clock, b.clock, c.clock, restarted.clock]) clock.advance(31 * 86_400_000);
    await Promise.all([runSchedulerOnce(b), runSchedulerOnce(c), runSchedulerOnce(restarted)]);
    const second = await charges(sub.id, 2, [...processors, restarted.processor]);
    expect(second.executions).toBe(1);
    expect((await (await t.api('GET', `/v1/subscriptions/${sub.id}`)).json()) as object).toMatchObject({ nextBillingDate: '2026-08-15', occurrences: [{ occurrence: 1 }, { occurrence: 2 }] });
  });

  it('finishes a claim whose instance crashed before charging, with the same key: once', async () => {
    const sub = await subscribe();
    const record = (await t.deps.store.subscriptions.get(t.merchant.id, sub.id))!;
    // What a crashed instance left: the claim and the moved schedule, no charge.
    await t.deps.store.transaction(async (tx) => {
      await tx.subscriptions.claimOccurrence({ subscriptionId: sub.id, occurrence: 1, merchantId: t.merchant.id, dueDate: '2026-06-15', amountMinor: 999, claimedAt: t.clock.now().toISOString(), transactionId: null });
      await tx.subscriptions.advance(t.merchant.id, sub.id, 1, { nextOccurrence: 2, nextDueDate: '2026-07-15', status: 'active', updatedAt: record.updatedAt });
    });
    await runSchedulerOnce(t.deps);
    expect((await charges(sub.id, 1, [t.deps.processor as SandboxProcessor])).tx).toBeNull(); // not abandoned yet
    t.clock.advance(3 * 60_000);
    await runSchedulerOnce(t.deps);
    await runSchedulerOnce(t.deps);
    const done = await charges(sub.id, 1, [t.deps.processor as SandboxProcessor]);
    expect(done.executions).toBe(1);
    expect((await t.deps.store.subscriptions.listOccurrences(t.merchant.id, sub.id))[0]?.transactionId).toBe(done.tx!.id);
  });

  it('resumes a charge whose processor answer was lost instead of charging twice', async () => {
    const sub = await subscribe({ amount: '70.02' }); // the sandbox loses the first answer for 70.02
    await runSchedulerOnce(t.deps);
    expect((await charges(sub.id, 1, [t.deps.processor as SandboxProcessor])).tx?.status).toBe('pending');
    t.clock.advance(3 * 60_000);
    await runSchedulerOnce(t.deps);
    const done = await charges(sub.id, 1, [t.deps.processor as SandboxProcessor]);
    expect(done.tx?.status).toBe('approved');
    expect(done.executions).toBe(1);
  });

  it('suspends a subscription whose first payment declines, and terminates one whose profile is gone', async () => {
    const ids = await storedCard(t.api, '4000000000000002');
    const declined = (await (await t.api('POST', '/v1/subscriptions', { ...ids, amount: '5.00', interval: { length: 7, unit: 'days' }, startDate: '2026-06-15' })).json()) as { id: string };
    const gone = await subscribe();
    const view = (await (await t.api('GET', `/v1/subscriptions/${gone.id}`)).json()) as { customerProfileId: string };
    expect((await t.api('DELETE', `/v1/customers/${view.customerProfileId}`)).status).toBe(204);
    await runSchedulerOnce(t.deps);
    expect(((await (await t.api('GET', `/v1/subscriptions/${declined.id}`)).json()) as { status: string }).status).toBe('suspended');
    expect(((await (await t.api('GET', `/v1/subscriptions/${gone.id}`)).json()) as { status: string }).status).toBe('terminated');
  });
});
