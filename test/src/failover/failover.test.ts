/**
 * A primary with a synchronous streaming standby, and a real `cim serve` given
 * both hosts. Under a bounded card-write load the primary is stopped hard and the
 * standby promoted; CIM must carry on by itself: no acknowledged write lost, the
 * gap answered 503 with Retry-After, never 500, and writes succeed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promote } from '../../../server/src/testing/postgres-cluster.ts';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';
import { runCardLoad, type Answer } from './card-load.ts';
import { psql } from '../psql.ts';
import { startReplicatedCluster, type ReplicatedCluster } from './replicated-cluster.ts';

/** Polls `check` (the load records its answers as they come) until it holds. */
async function waitUntil(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

let cluster: ReplicatedCluster;
let dataDir: string;
let cim: CimProcess;
let merchant: { id: string; secretKey: string };

beforeAll(async () => {
  cluster = await startReplicatedCluster();
  dataDir = mkdtempSync(join(tmpdir(), 'cim-failover-'));
  const env = {
    CIM_DATABASE_URL: cluster.multiHostUrl,
    CIM_DATA_DIR: dataDir,
    CIM_MASTER_KEY: randomBytes(32).toString('base64'),
    CIM_PUBLIC_URL: 'http://cim.failover.test',
    CIM_LOG_LEVEL: 'warn',
    // Short bounds (1 + 1 s: a stuck operation answers 503 within 2 x 1 + 1 s), so a gap longer
    // than them is seen as 503s rather than absorbed by requests that wait it out.
    CIM_DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    CIM_DATABASE_CONNECT_TIMEOUT_MS: '1000',
  };
  merchant = JSON.parse(await cimCli(['merchant', 'create', '--name', 'Failover Shop', '--origin', 'https://shop.failover.test'], env)) as typeof merchant;
  cim = await startCim(env);
});

afterAll(async () => {
  await cim?.stop();
  await cluster?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('failover to a synchronous standby under card-write load', () => {
  let answers: Answer[];
  let killedAt = 0;
  let promotedAt = 0;

  beforeAll(async () => {
    let finish!: () => void;
    const until = new Promise<void>((r) => (finish = r));
    const live: Answer[] = [];
    const load = runCardLoad({ baseUrl: cim.url, secretKey: merchant.secretKey, workers: 6, maxRequests: 4_000, until, answers: live });
    const cardsAfter = (t: number) => live.filter((a) => a.kind === 'card' && a.status === 201 && a.at > t).length;
    try {
      // Under load before the kill: more than five cards written (the first check below), however slow the machine.
      await sleep(1_500);
      await waitUntil('cards written before the kill', () => cardsAfter(0) > 5);
      killedAt = Date.now();
      await cluster.primary.stop('immediate');
      // The gap: the primary is gone and the standby still read-only, for longer than CIM's bounds.
      await sleep(4_000);
      await promote(cluster.standby);
      promotedAt = Date.now();
      // Writing again by itself: more than five cards a second after the promotion, however long CIM
      // takes to find the new primary on a loaded machine (a fixed 2.5 s could end the load first).
      await sleep(2_500);
      await waitUntil('cards written after the promotion', () => cardsAfter(promotedAt + 1_000) > 5);
    } finally {
      finish();
      answers = await load;
    }
    if (answers.some((a) => a.status === 0 || a.status >= 500 && a.status !== 503)) console.error(cim.output());
  }, 240_000);

  it('wrote before, and writes again after the promotion by itself', () => {
    const cards = answers.filter((a) => a.kind === 'card' && a.status === 201);
    expect(cards.filter((a) => a.at < killedAt).length).toBeGreaterThan(5);
    expect(cards.filter((a) => a.at > promotedAt + 1_000).length).toBeGreaterThan(5);
  });

  it('answers only 201 or 503 with Retry-After: never a 500', () => {
    const byStatus: Record<string, Answer[]> = {};
    for (const a of answers) (byStatus[String(a.status)] ??= []).push(a);
    const summary = Object.fromEntries(Object.entries(byStatus).map(([s, as]) => [s, { n: as.length, codes: [...new Set(as.map((a) => a.code))] }]));
    console.info(`failover: ${answers.length} requests, gap ${promotedAt - killedAt} ms`, JSON.stringify(summary));
    for (const status of Object.keys(byStatus)) expect(['201', '503'], JSON.stringify(summary)).toContain(status);
    for (const a of byStatus['503'] ?? []) expect(a.code).toBe('database_unavailable');
    expect(byStatus['503']?.length ?? 0, 'the gap was seen').toBeGreaterThan(0);
    for (const a of byStatus['503'] ?? []) expect(Number(a.retryAfter)).toBeGreaterThan(0);
  });

  it('loses no write answered 201: every one is on the new primary', async () => {
    const acknowledged = (kind: Answer['kind']) => answers.filter((a) => a.kind === kind && a.status === 201).map((a) => a.id!);
    for (const [kind, table] of [['card', 'payment_profiles'], ['customer', 'customers']] as const) {
      const ids = new Set((await psql(cluster.standby.port, cluster.database, `SELECT id FROM ${table}`)).split('\n'));
      const lost = acknowledged(kind).filter((id) => !ids.has(id));
      expect(lost, `${kind} writes answered 201 but missing`).toEqual([]);
    }
    // And CIM itself serves them (through the new primary).
    const sample = answers.filter((a) => a.kind === 'card' && a.status === 201 && a.at > killedAt - 500).slice(0, 20);
    for (const a of sample) {
      const res = await fetch(`${cim.url}/v1/payment-profiles/${a.id}`, { headers: { authorization: `Bearer ${merchant.secretKey}` } });
      expect([200, 404]).toContain(res.status);
    }
  });
});
