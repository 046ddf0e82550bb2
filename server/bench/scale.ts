import { mkdtempSync, rmSync } from 'node:fs';
import type { BenchDatabase } from './databases.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchServerEnv, CLI, runNode, startServer, stopServer } from './harness.ts';
import type { LoadJob, LoadResult } from './load.ts';
import { fmt, table } from './report.ts';

/**
 * `pnpm bench --scale`: the same reads and writes on a small and a large vault.
 * Seeds SMALL payment profiles with `cim dev seed` (real sealing), measures card
 * writes, GET /v1/customers/:id, lookup by merchantCustomerId and an `expiringIn`
 * page against the real server, seeds up to LARGE and measures again. Target:
 * each figure at LARGE within 1.3× of the one at SMALL.
 *
 * Env: BENCH_SCALE_SMALL (10000), BENCH_SCALE_LARGE (1000000), BENCH_SECONDS (5),
 * BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (16).
 */
const SMALL = Number(process.env.BENCH_SCALE_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_SCALE_LARGE ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1) * 1000;
const TARGET = 1.3;
const SCENARIOS = ['lookup-customer', 'get-customer', 'expiring-page', 'card-writes'].map((n) => join(import.meta.dirname, 'scale-scenarios', `${n}.ts`));

interface Stage {
  profiles: number;
  results: LoadResult[];
  bytesPerProfile: number;
  seedRate: number;
}

async function measure(target: BenchDatabase, log: (line: string) => void): Promise<Stage[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cim-scale-data-'));
  const { env, baseUrl } = await benchServerEnv(target.url, dataDir);
  // The seed command refuses production; it runs against the same database as a development tool.
  const seedEnv = { ...env, NODE_ENV: 'development' };
  const stages: Stage[] = [];
  try {
    const merchant = JSON.parse(await runNode([CLI, 'merchant', 'create', '--name', 'Scale Shop', '--origin', 'https://shop.bench.test'], env)) as LoadJob['merchant'];
    let seededSoFar = 0;
    for (const [run, profiles] of [SMALL, LARGE].entries()) {
      log(`  ${target.name}: seeding ${profiles - seededSoFar} payment profiles (to ${profiles})…`);
      const seed = JSON.parse(await runNode([CLI, 'dev', 'seed', '--profiles', String(profiles - seededSoFar), '--merchant', merchant.id], seedEnv)) as {
        tag: string;
        customers: number;
        profilesPerSecond: number;
      };
      seededSoFar = profiles;
      const server = await startServer(env);
      const results: LoadResult[] = [];
      try {
        for (const scenario of SCENARIOS) {
          const job: LoadJob = {
            scenario, baseUrl, merchant, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS,
            params: { tag: seed.tag, customers: String(seed.customers), run: String(run) },
          };
          const out = await runNode([join(import.meta.dirname, 'load.ts'), JSON.stringify(job)], { PATH: process.env.PATH });
          const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
          results.push(result);
          log(`  ${target.name} @ ${profiles}: ${result.name} ${fmt(result.throughput, 0)} req/s, p50 ${fmt(result.p50, 2)} ms`);
        }
      } finally {
        await stopServer(server);
      }
      stages.push({ profiles, results, bytesPerProfile: (await target.bytesPerProfile()).perRow, seedRate: seed.profilesPerSecond });
    }
    return stages;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await target.close();
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
  const head = `${name}: ${small.profiles} → ${large.profiles} payment profiles (seeded at ${small.seedRate} and ${large.seedRate} profiles/s); ` +
    `${fmt(small.bytesPerProfile, 0)} → ${fmt(large.bytesPerProfile, 0)} bytes/profile (target ≤ 1024) ${large.bytesPerProfile <= 1024 ? 'PASS' : 'MISS'}`;
  return `${head}\n${table(['scenario', `req/s @${small.profiles}`, `req/s @${large.profiles}`, 'slowdown', 'p50 ms', 'p50 ms', 'p50 ×', `≤ ${TARGET}×`, 'errors', 'what'], rows)}\n`;
}

export async function runScaleBench(targets: Array<() => Promise<BenchDatabase>>, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string> {
  const out: string[] = [];
  for (const make of targets) {
    const target = await make();
    out.push(report(target.name, await measure(target, log)));
  }
  return out.join('\n');
}
