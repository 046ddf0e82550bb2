import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchDatabase } from './databases.ts';
import { benchServerEnv, CLI, runNode, SERVER_ROOT, startServer, stopServer } from './harness.ts';
import type { LoadJob, LoadResult } from './load.ts';
import { fmt, table } from './report.ts';

/**
 * `pnpm bench --scale`: the same reads and writes on a small and a large vault.
 * Each size gets a database of its own, seeded with `cim dev seed` (real sealing);
 * every store's vaults are seeded at the same time, then each store's two are
 * measured in turn, scenario by scenario and alternating which size goes first,
 * so a machine whose load drifts (a shared one) slows both sizes alike and the
 * ratio stays meaningful. Measures card writes, GET /v1/customers/:id, lookup by
 * merchantCustomerId and an `expiringIn` page against the real server. Target:
 * each figure at LARGE within 1.3× of the one at SMALL.
 *
 * Env: BENCH_SCALE_SMALL (10000), BENCH_SCALE_LARGE (1000000), BENCH_SCALE_ROUNDS (2),
 * BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (16).
 */
const SMALL = Number(process.env.BENCH_SCALE_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_SCALE_LARGE ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1) * 1000;
const TARGET = 1.3;
const SCENARIOS = ['lookup-customer', 'get-customer', 'expiring-page', 'card-writes'].map((n) => join(import.meta.dirname, 'scale-scenarios', `${n}.ts`));

/** One seeded vault: its own database and the server environment that reaches it. */
interface Vault {
  target: BenchDatabase;
  profiles: number;
  env: NodeJS.ProcessEnv;
  baseUrl: string;
  dataDir: string;
  merchant: LoadJob['merchant'];
  seed: { tag: string; customers: number; profilesPerSecond: number; seconds: number };
}

interface Stage {
  profiles: number;
  results: LoadResult[];
  bytesPerProfile: number;
  seedRate: number;
}

/** `cim dev seed`, its progress lines passed on to the log as they come. */
function seed(vault: Omit<Vault, 'seed'>, log: (line: string) => void): Promise<Vault['seed']> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [CLI, 'dev', 'seed', '--profiles', String(vault.profiles), '--merchant', vault.merchant.id], {
      // The seed command refuses production; it runs against the same database as a development tool.
      env: { ...vault.env, NODE_ENV: 'development' },
      cwd: SERVER_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      for (const line of d.toString().split('\n')) if (line.trim()) log(`  ${vault.target.name} @ ${vault.profiles}: ${line.trim()} (${new Date().toISOString().slice(11, 19)})`);
    });
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Vault['seed']) : reject(new Error(`cim dev seed failed (${code}): ${err.slice(-2000)}`))));
  });
}

async function prepare(make: () => Promise<BenchDatabase>, profiles: number, log: (line: string) => void): Promise<Vault> {
  const target = await make();
  const dataDir = mkdtempSync(join(tmpdir(), 'cim-scale-data-'));
  const { env, baseUrl } = await benchServerEnv(target.url, dataDir);
  const merchant = JSON.parse(await runNode([CLI, 'merchant', 'create', '--name', 'Scale Shop', '--origin', 'https://shop.bench.test'], env)) as LoadJob['merchant'];
  log(`  ${target.name}: seeding ${profiles} payment profiles…`);
  const partial = { target, profiles, env, baseUrl, dataDir, merchant };
  const seeded = await seed(partial, log);
  await target.afterBulkLoad();
  return { ...partial, seed: seeded };
}

async function run(vault: Vault, scenario: string, round: number): Promise<LoadResult> {
  const job: LoadJob = {
    scenario, baseUrl: vault.baseUrl, merchant: vault.merchant, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS,
    params: { tag: vault.seed.tag, customers: String(vault.seed.customers), run: String(round) },
  };
  const out = await runNode([join(import.meta.dirname, 'load.ts'), JSON.stringify(job)], { PATH: process.env.PATH });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
}

/** The rounds of one scenario on one vault as one result: mean throughput and p50, errors summed. */
function combined(rounds: LoadResult[]): LoadResult {
  const mean = (f: (r: LoadResult) => number) => rounds.reduce((s, r) => s + f(r), 0) / rounds.length;
  return { ...rounds[0]!, throughput: mean((r) => r.throughput), p50: mean((r) => r.p50), p99: mean((r) => r.p99), errors: rounds.reduce((s, r) => s + r.errors, 0) };
}

/** Both vaults' servers up, every scenario on each in turn, the order flipped every round. */
async function measure(vaults: Vault[], log: (line: string) => void): Promise<Stage[]> {
  const servers = await Promise.all(vaults.map((v) => startServer(v.env)));
  try {
    const results = vaults.map(() => new Map<string, LoadResult[]>());
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        const order = round % 2 === 0 ? vaults.map((_, i) => i) : vaults.map((_, i) => vaults.length - 1 - i);
        for (const i of order) {
          const vault = vaults[i]!;
          const result = await run(vault, scenario, round);
          results[i]!.set(result.name, [...(results[i]!.get(result.name) ?? []), result]);
          log(`  ${vault.target.name} @ ${vault.profiles} (round ${round + 1}): ${result.name} ${fmt(result.throughput, 0)} req/s, p50 ${fmt(result.p50, 2)} ms`);
        }
      }
    }
    return await Promise.all(vaults.map(async (v, i) => ({
      profiles: v.profiles,
      results: [...results[i]!.values()].map(combined),
      bytesPerProfile: (await v.target.bytesPerProfile()).perRow,
      seedRate: v.seed.profilesPerSecond,
    })));
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

/** Prints one store's small-vs-large table; returns whether every figure met the target. */
function report(name: string, [small, large]: Stage[]): string {
  if (!small || !large) return '';
  const rows = small.results.map((s) => {
    const l = large.results.find((r) => r.name === s.name);
    const slowdown = l ? s.throughput / l.throughput : Number.NaN;
    const p50 = l ? l.p50 / s.p50 : Number.NaN;
    return [
      s.name, fmt(s.throughput, 0), fmt(l?.throughput ?? Number.NaN, 0), fmt(slowdown, 2), fmt(s.p50, 2), fmt(l?.p50 ?? Number.NaN, 2), fmt(p50, 2),
      slowdown <= TARGET ? 'PASS' : 'MISS', String(s.errors + (l?.errors ?? 0)), s.description,
    ];
  });
  const head = `${name}: ${small.profiles} → ${large.profiles} payment profiles, mean of ${ROUNDS} alternating rounds (seeded at ${small.seedRate} and ${large.seedRate} profiles/s); ` +
    `${fmt(small.bytesPerProfile, 0)} → ${fmt(large.bytesPerProfile, 0)} bytes/profile (target ≤ 1024) ${large.bytesPerProfile <= 1024 ? 'PASS' : 'MISS'}`;
  return `${head}\n${table(['scenario', `req/s @${small.profiles}`, `req/s @${large.profiles}`, 'slowdown', 'p50 ms', 'p50 ms', 'p50 ×', `≤ ${TARGET}×`, 'errors', 'what'], rows)}\n`;
}

export async function runScaleBench(targets: Array<() => Promise<BenchDatabase>>, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string> {
  // Seeding is not measured: every vault of every store is seeded at once, then each store is measured alone.
  const prepared = await Promise.allSettled(targets.flatMap((make) => [SMALL, LARGE].map((n) => prepare(make, n, log))));
  const vaults = prepared.flatMap((p) => (p.status === 'fulfilled' ? [p.value] : []));
  try {
    const failed = prepared.find((p) => p.status === 'rejected');
    if (failed) throw failed.reason;
    const out: string[] = [];
    for (let i = 0; i < vaults.length; i += 2) {
      const pair = vaults.slice(i, i + 2);
      const text = report(pair[0]!.target.name, await measure(pair, log));
      log(text);
      out.push(text);
    }
    return out.join('\n');
  } finally {
    for (const v of vaults) {
      rmSync(v.dataDir, { recursive: true, force: true });
      await v.target.close();
    }
  }
}
