/**
 * Webhooks across real `cim serve` processes: an instance killed with SIGKILL between the commit
 * of its changes and their delivery loses no event (the outbox is in the same commit), a restart
 * delivers every one with the webhook-id it always had, and two instances on one database make
 * each attempt once (one claim per attempt), on SQLite and on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../../server/src/webhooks/test-receiver.ts';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';
import { startSharedDatabase, type SharedDatabase, type StoreKind } from '../multi-instance/shared-database.ts';

const VISA = '4111111111111111';

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.each<StoreKind>(['sqlite', 'postgres'])('webhooks from cim serve on %s', (kind) => {
  let db: SharedDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let merchant: { id: string; secretKey: string };
  let receiver: Receiver;
  /** While true the receiver holds every request without answering, as a stuck endpoint does. */
  let hang = true;
  const running: CimProcess[] = [];

  beforeAll(async () => {
    db = await startSharedDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'cim-webhooks-'));
    env = {
      CIM_DATABASE_URL: db.url,
      CIM_DATA_DIR: dataDir,
      CIM_MASTER_KEY: randomBytes(32).toString('base64'),
      CIM_LOG_LEVEL: 'warn',
      CIM_WEBHOOKS_ALLOW_PRIVATE: '1',
      CIM_WEBHOOKS_POLL_MS: '100',
      CIM_WEBHOOKS_TIMEOUT_MS: '1000',
      // 5 s → 5 ms … 24 h → 86 s: the schedule's shape, in test time.
      CIM_WEBHOOKS_RETRY_SCALE: '0.001',
    };
    receiver = await startReceiver(() => (hang ? undefined : 200));
    merchant = JSON.parse(await cimCli(['merchant', 'create', '--name', 'Hooks Shop', '--origin', 'https://shop.hooks.test'], env)) as typeof merchant;
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await receiver?.close();
    await db?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async (instance: CimProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${instance.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${merchant.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  };

  /** Every event id in the log, through the API. */
  async function eventIds(instance: CimProcess): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ id: string }>; nextCursor: string | null } } = (await api(instance, 'GET', `/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`)) as never;
      ids.push(...page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  }

  /** webhook-id → how many times the receiver answered it 200 (requests it held without answer do not count). */
  const answered = () => {
    const counts = new Map<string, number>();
    for (const r of receiver.received.filter((q) => q.answered)) counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    return counts;
  };

  it('delivers every committed event after a kill -9, with the same webhook-id; two instances deliver each once', { timeout: 180_000 }, async () => {
    const first = await startCim(env);
    running.push(first);
    const endpoint = await api(first, 'POST', '/v1/webhook-endpoints', { url: receiver.url });
    expect(endpoint.status).toBe(201);
    const secret = endpoint.body.secret as string;

    // Changes, each acknowledged (so committed, with its events) before the crash.
    for (let i = 0; i < 4; i++) {
      const customer = await api(first, 'POST', '/v1/customers', { merchantCustomerId: `c${i}` });
      expect(customer.status).toBe(201);
      const card = await api(first, 'POST', `/v1/customers/${customer.body.id}/payment-profiles`, { card: { number: VISA, expMonth: 12, expYear: 2031 } });
      expect(card.status).toBe(201);
      expect((await api(first, 'POST', '/v1/transactions', { type: 'authCapture', amount: '12.00', customerProfileId: customer.body.id, paymentProfileId: card.body.id, duplicateWindowSeconds: 0 })).status).toBe(201);
    }
    const committed = await eventIds(first);
    expect(committed).toHaveLength(12);
    // The worker has claimed deliveries and is waiting on the receiver: kill it there.
    await waitFor('the first attempt to reach the receiver', () => receiver.received.length > 0);
    process.kill(first.pid, 'SIGKILL');
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(answered().size).toBe(0);

    // Restarted, and a second instance beside it, on the same database; the receiver answers now.
    hang = false;
    const pair = await Promise.all([startCim(env), startCim(env)]);
    running.push(...pair);
    await waitFor('every committed event to be answered', () => committed.every((id) => answered().has(id)), 90_000);

    // More changes spread over both instances while both deliver.
    for (let i = 0; i < 10; i++) expect((await api(pair[i % 2]!, 'POST', '/v1/customers', { merchantCustomerId: `d${i}` })).status).toBe(201);
    const all = await eventIds(pair[0]!);
    expect(all).toHaveLength(22);
    await waitFor('every event to be answered', () => all.every((id) => answered().has(id)), 60_000);
    await sleep(500);

    // One successful attempt per event: the lease gave each attempt to one instance.
    expect([...answered().values()].every((n) => n === 1)).toBe(true);
    expect(new Set(answered().keys())).toEqual(new Set(all));
    for (const request of receiver.received) {
      const event = receiver.verify(secret, request);
      expect(event.id).toBe(request.headers['webhook-id']);
      expect(request.body).not.toContain(VISA);
    }
    // The log agrees: every delivery succeeded.
    for (const id of committed) {
      const event = await api(pair[1]!, 'GET', `/v1/events/${id}`);
      expect(event.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['succeeded']);
    }
  });
});
