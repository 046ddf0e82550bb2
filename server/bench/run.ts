import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchServerEnv, CLI, runNode, SERVER_ROOT, startServer, stopServer } from './harness.ts';
import type { LoadJob, LoadResult } from './load.ts';
import { fmt, table } from './report.ts';
import { openBenchDatabase, postgresDatabase, type BenchDatabase, type StoreName } from './databases.ts';
import { runOutboxBench } from './outbox.ts';
import { runScaleBench } from './scale.ts';

/**
 * `pnpm bench`: starts the real server (separate process, fresh SQLite database,
 * synchronous=FULL), creates a merchant, and drives each scenario in
 * bench/scenarios/ from a separate load-generator process at 16 keep-alive
 * connections, next to a bare Hono JSON echo measured the same way in the same
 * run. Prints throughput, p50, p99 and the ratio to the echo, the one-thread
 * ceiling of that ratio (bench/ceiling.ts), storage per payment profile and
 * (when the widget provides it) the widget's bundle sizes.
 *
 * `pnpm bench --store postgres` runs every scenario on both stores (each next to its own server's
 * echo) and prints them side by side, then card writes from two CIM processes on one
 * PostgreSQL against one, with the CPU per request of each.
 * `pnpm bench --scale [--store sqlite|postgres]` runs bench/scale.ts instead: the same reads and
 * writes at 10 k and 1 M payment profiles, on both stores unless one is named.
 * `pnpm bench --outbox` runs only what the webhook outbox adds to a card write (bench/outbox.ts),
 * which the full run prints too (and BENCH_ONLY=…,outbox keeps).
 *
 * Env: BENCH_SECONDS (default 5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (16),
 * BENCH_ONLY=name,name to run some scenarios, BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof) for the server.
 */
const REPO_ROOT = join(SERVER_ROOT, '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1) * 1000;
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);

const TARGETS = { ratio: 0.5, p99Ms: 15, bytesPerProfile: 1024 };

function widgetSizes(): Promise<string | null> {
  const pkg = join(REPO_ROOT, 'widget/package.json');
  if (!existsSync(pkg) || !(JSON.parse(readFileSync(pkg, 'utf8')) as { scripts?: Record<string, string> }).scripts?.size) return Promise.resolve(null);
  if (!existsSync(join(REPO_ROOT, 'widget/dist'))) return Promise.resolve('(widget/dist not built: run `pnpm --filter @cim/widget build` first)');
  return new Promise((resolve) => {
    // Under `pnpm bench` pnpm itself may not be on PATH (npx pnpm@10); npm_execpath names it.
    const pnpm = process.env.npm_execpath;
    const [file, prefix] = pnpm && /\.[cm]?js$/.test(pnpm) ? [process.execPath, [pnpm]] : [pnpm || 'pnpm', []];
    execFile(file, [...prefix, '--silent', '--filter', '@cim/widget', 'bench'], { cwd: REPO_ROOT, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve(error && !stdout ? `(widget size failed: ${(stderr || error.message).trim()})` : stdout.trim());
    });
  });
}

interface StoreRun {
  db: BenchDatabase;
  results: LoadResult[];
  storage: { rows: number; bytes: number; perRow: number };
}

const runLoad = async (job: LoadJob): Promise<LoadResult> =>
  JSON.parse((await runNode([join(import.meta.dirname, 'load.ts'), JSON.stringify(job)], { PATH: process.env.PATH })).trim().split('\n').pop() ?? '{}') as LoadResult;

const serverExtraEnv = (): NodeJS.ProcessEnv => ({
  CIM_BENCH_ECHO: '1',
  // One client address opens every widget session here; lift per-address limits for the bench.
  CIM_WIDGET_RATE_LIMIT_SCALE: '100000',
  ...(process.env.BENCH_SERVER_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }),
});

/** Every scenario against one server on `db`, each next to the echo served by the same process. */
async function measureStore(db: BenchDatabase): Promise<StoreRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cim-bench-'));
  const { env, baseUrl } = await benchServerEnv(db.url, dataDir, serverExtraEnv());
  let server: ChildProcess | null = null;
  try {
    const merchant = JSON.parse(await runNode([CLI, 'merchant', 'create', '--name', 'Bench Shop', '--origin', 'https://shop.bench.test'], env)) as LoadJob['merchant'];
    server = await startServer(env);
    const scenarioDir = join(import.meta.dirname, 'scenarios');
    const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
    const specs = ['echo', ...files.map((f) => join(scenarioDir, f))].filter((s) => !ONLY || s === 'echo' || ONLY.some((o) => s.endsWith(`/${o}.ts`)));
    process.stdout.write(`${db.name}: server pid ${server.pid} at ${baseUrl}, ${db.describe}\n`);
    const results: LoadResult[] = [];
    for (const scenario of specs) {
      const result = await runLoad({ scenario, baseUrl, merchant, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS });
      results.push(result);
      process.stdout.write(`  ${db.name} ${result.name}: ${fmt(result.throughput, 0)} req/s\n`);
    }
    return { db, results, storage: await db.bytesPerProfile() };
  } finally {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Stores side by side: req/s, p99 and the ratio to that server's own echo. */
function sideBySide(runs: StoreRun[]): string {
  const names = runs[0]!.results.map((r) => r.name);
  const rows = names.map((name) => {
    const cells = [name];
    for (const run of runs) {
      const r = run.results.find((x) => x.name === name);
      const echo = run.results.find((x) => x.name === 'echo');
      cells.push(fmt(r?.throughput ?? Number.NaN, 0), fmt(r?.p50 ?? Number.NaN, 2), fmt(r?.p99 ?? Number.NaN, 2), r && echo ? fmt(r.throughput / echo.throughput, 2) : '—', String(r?.errors ?? '—'));
    }
    cells.push(runs[0]!.results.find((x) => x.name === name)?.description ?? '');
    return cells;
  });
  const header = ['scenario', ...runs.flatMap((r) => [`${r.db.name} req/s`, 'p50 ms', 'p99 ms', '× echo', 'errors']), 'what'];
  return table(header, rows);
}

/**
 * Two CIM processes on one PostgreSQL database against one, card writes only, with
 * the CPU each process (and the database server) used per request.
 */
async function instanceScaling(): Promise<string> {
  const db = await postgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'cim-bench-'));
  const servers: ChildProcess[] = [];
  try {
    const first = await benchServerEnv(db.url, dataDir, serverExtraEnv());
    const second = await benchServerEnv(db.url, dataDir, { ...serverExtraEnv(), CIM_MASTER_KEY: first.env.CIM_MASTER_KEY, CIM_PUBLIC_URL: first.env.CIM_PUBLIC_URL });
    const merchant = JSON.parse(await runNode([CLI, 'merchant', 'create', '--name', 'Bench Shop', '--origin', 'https://shop.bench.test'], first.env)) as LoadJob['merchant'];
    servers.push(await startServer(first.env), await startServer(second.env));
    const urls = [first.baseUrl, `http://127.0.0.1:${second.env.CIM_PORT}`];
    const scenario = join(import.meta.dirname, 'scenarios', 'card-writes.ts');
    const lines: string[][] = [];
    for (const count of [1, 2]) {
      const cpu = [...servers.slice(0, count).map((s, i) => ({ label: `cim${i + 1}`, pid: s.pid! })), { label: 'postgres', pid: db.pid }];
      const r = await runLoad({
        scenario, baseUrl: urls[0]!, baseUrls: urls.slice(0, count), merchant, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS,
        cpu, params: { prefix: `s${count}` },
      });
      const cimCpu = Object.entries(r.cpu).filter(([k]) => k.startsWith('cim')).reduce((sum, [, v]) => sum + v, 0);
      const perRequest = (seconds: number) => fmt((seconds / Math.max(1, r.requests)) * 1e6, 0);
      lines.push([`${count} CIM process${count > 1 ? 'es' : ''}`, fmt(r.throughput, 0), fmt(r.p50, 2), fmt(r.p99, 2), perRequest(cimCpu), perRequest(r.cpu.postgres ?? 0), String(r.errors)]);
    }
    const [one, two] = lines.map((l) => Number(l[1]));
    return `${table(['card writes on one PostgreSQL', 'req/s', 'p50 ms', 'p99 ms', 'CIM CPU µs/req', 'PostgreSQL CPU µs/req', 'errors'], lines)}\n` +
      `scaling: 2 processes give ${fmt(two! / one!, 2)}× one process on this ${availableParallelism()}-core machine (the load generator shares the cores)\n`;
  } finally {
    await Promise.all(servers.map(stopServer));
    rmSync(dataDir, { recursive: true, force: true });
    await db.close();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const storeArg = argValue('--store');
  const names: StoreName[] = storeArg === 'postgres' || storeArg === 'both' ? ['sqlite', 'postgres'] : ['sqlite'];
  process.stdout.write(`CIM bench: ${CONNECTIONS} keep-alive connections, ${WARMUP_MS / 1000}s warm-up + ${DURATION_MS / 1000}s per scenario, one load-generator process per scenario\n`);
  const runs: StoreRun[] = [];
  for (const name of names) {
    const db = await openBenchDatabase(name);
    try {
      runs.push(await measureStore(db));
    } finally {
      await db.close();
    }
  }
  process.stdout.write(`\n${sideBySide(runs)}\n`);
  for (const run of runs) for (const r of run.results.filter((x) => x.firstError)) process.stdout.write(`  ${run.db.name} ${r.name} first error: ${r.firstError}\n`);

  for (const run of runs) {
    const echo = run.results.find((r) => r.name === 'echo');
    const cards = run.results.find((r) => r.name === 'card-writes');
    if (cards && echo) {
      const ratio = cards.throughput / echo.throughput;
      process.stdout.write(
        `${run.db.name} card writes: ${fmt(ratio, 2)}× echo (target ≥ ${TARGETS.ratio}) ${ratio >= TARGETS.ratio ? 'PASS' : 'MISS'}; ` +
          `p99 ${fmt(cards.p99, 2)} ms (target ≤ ${TARGETS.p99Ms}) ${cards.p99 <= TARGETS.p99Ms ? 'PASS' : 'MISS'}\n`,
      );
    }
    process.stdout.write(
      `${run.db.name} storage: ${run.storage.rows} payment profiles use ${run.storage.bytes} bytes with their indexes = ` +
        `${fmt(run.storage.perRow, 0)} bytes/profile (target ≤ ${TARGETS.bytesPerProfile}) ${run.storage.perRow <= TARGETS.bytesPerProfile ? 'PASS' : 'MISS'}\n`,
    );
  }
  if (runs.some((r) => r.results.some((x) => x.name === 'card-writes'))) {
    const c = JSON.parse(await runNode([join(import.meta.dirname, 'ceiling.ts')], { PATH: process.env.PATH })) as { echoUs: number; cardUs: number; vaultUs: number; sqlUs: number };
    process.stdout.write(
      `ceiling (SQLite, in-process, no sockets, hot caches; bench/ceiling.ts): echo ${fmt(c.echoUs)} µs of CPU per request, ` +
        `card write ${fmt(c.cardUs)} µs with its durable commit; of that, the vault's own work (parse, validate, ` +
        `2× AES-GCM, 2× HMAC, format) ${fmt(c.vaultUs)} µs and its SQL without the commit ${fmt(c.sqlUs)} µs → on one ` +
        `event loop at best ${fmt(c.echoUs / (c.echoUs + c.vaultUs + c.sqlUs), 2)}× echo even with a free HTTP stack, ` +
        `free authentication and free commits (${fmt(c.echoUs / (c.echoUs + c.vaultUs), 2)}× if SQL were free too)\n`,
    );
  }
  if (!ONLY || ONLY.includes('outbox')) process.stdout.write(`\n${await outboxCost()}`);
  if (names.includes('postgres')) process.stdout.write(`\n${await instanceScaling()}`);
  const sizes = await widgetSizes();
  if (sizes) process.stdout.write(`\nwidget bundle sizes and time to cim-ready (pnpm --filter @cim/widget bench):\n${sizes}\n`);
  process.stdout.write(`\nbench finished in ${fmt((Date.now() - started) / 1000, 0)} s\n`);
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

async function scale(): Promise<void> {
  const started = Date.now();
  const storeArg = argValue('--store');
  const names: StoreName[] = storeArg === 'sqlite' ? ['sqlite'] : storeArg === 'postgres' ? ['postgres'] : ['sqlite', 'postgres'];
  const text = await runScaleBench(names.map((n) => () => openBenchDatabase(n)));
  process.stdout.write(`\n${text}\nscale bench finished in ${fmt((Date.now() - started) / 1000, 0)} s\n`);
}

const outboxCost = () => runOutboxBench(runLoad, { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS });

async function outbox(): Promise<void> {
  const started = Date.now();
  process.stdout.write(`CIM outbox bench: ${CONNECTIONS} keep-alive connections, ${WARMUP_MS / 1000}s warm-up + ${DURATION_MS / 1000}s per run\n`);
  process.stdout.write(`${await outboxCost()}\noutbox bench finished in ${fmt((Date.now() - started) / 1000, 0)} s\n`);
}

(process.argv.includes('--scale') ? scale() : process.argv.includes('--outbox') ? outbox() : main()).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
