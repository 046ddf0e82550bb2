import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteDatabase } from './databases.ts';
import { benchServerEnv, CLI, runNode, startServer, stopServer } from './harness.ts';
import type { LoadJob, LoadResult } from './load.ts';
import { fmt, table } from './report.ts';

/**
 * What the webhook outbox adds to a card write (part of `pnpm bench`; alone: `pnpm bench --outbox`).
 * One SQLite server runs the card-writes scenario three times in a row: without a webhook endpoint,
 * with one subscribed to payment_profile.created (a receiver in this process answers 204 on
 * loopback), and without again (the endpoint disabled, so nothing is queued for it), so drift
 * between runs shows. Every write commits its event either way; a subscribed endpoint adds a
 * delivery row to that commit and the worker's claim, signed POST and update in the same process.
 *
 * A loopback endpoint needs CIM_WEBHOOKS_ALLOW_PRIVATE, which NODE_ENV=production refuses: this
 * server runs with NODE_ENV=development, which changes nothing but those configuration checks.
 */
export async function runOutboxBench(load: (job: LoadJob) => Promise<LoadResult>, job: Pick<LoadJob, 'connections' | 'warmupMs' | 'durationMs'>): Promise<string> {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
  const db = sqliteDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'cim-bench-'));
  const { env, baseUrl } = await benchServerEnv(db.url, dataDir, { NODE_ENV: 'development', CIM_WEBHOOKS_ALLOW_PRIVATE: '1', CIM_WIDGET_RATE_LIMIT_SCALE: '100000' });
  const server = await startServer(env);
  try {
    const merchant = JSON.parse(await runNode([CLI, 'merchant', 'create', '--name', 'Bench Shop', '--origin', 'https://shop.bench.test'], env)) as LoadJob['merchant'];
    const api = async (method: string, path: string, body: unknown) => {
      const res = await fetch(baseUrl + path, { method, headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const scenario = join(import.meta.dirname, 'scenarios', 'card-writes.ts');
    const cpu = [{ label: 'cim', pid: server.pid! }];
    const phase = async (label: string) => {
      const before = received;
      const r = await load({ ...job, scenario, baseUrl, merchant, cpu, params: { prefix: label } });
      return { label, r, deliveries: received - before };
    };

    const without = await phase('no-endpoint');
    const port = (receiver.address() as AddressInfo).port;
    const endpoint = await api('POST', '/v1/webhook-endpoints', { url: `http://127.0.0.1:${port}/hooks`, events: ['payment_profile.created'] });
    const subscribed = await phase('subscribed');
    await api('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
    const again = await phase('disabled');

    const rows = [without, subscribed, again].map(({ label, r, deliveries }) => [
      label, fmt(r.throughput, 0), fmt(r.p50, 2), fmt(r.p99, 2), fmt(((r.cpu.cim ?? 0) / Math.max(1, r.requests)) * 1e6, 0), String(deliveries), String(r.errors),
    ]);
    const baseline = (without.r.throughput + again.r.throughput) / 2;
    return `${table(['card writes (SQLite), webhook endpoint', 'req/s', 'p50 ms', 'p99 ms', 'CIM CPU µs/req', 'deliveries received', 'errors'], rows)}\n` +
      `outbox: card writes with a subscribed endpoint run at ${fmt(subscribed.r.throughput / baseline, 2)}× those without ` +
      `(mean of the runs before and after), deliveries included (the worker shares the process)\n`;
  } finally {
    await stopServer(server);
    await new Promise<void>((done) => receiver.close(() => done()));
    rmSync(dataDir, { recursive: true, force: true });
    await db.close();
  }
}
