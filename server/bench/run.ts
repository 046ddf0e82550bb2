import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchServerEnv, CLI, runNode, SERVER_ROOT, startServer, stopServer } from './harness.ts';
import type { LoadJob, LoadResult } from './load.ts';
import { fmt, table } from './report.ts';
import { runScaleBench, sqliteTarget } from './scale.ts';
import { sqliteBytesPerProfile } from './storage.ts';

/**
 * `pnpm bench`: starts the real server (separate process, fresh SQLite database,
 * synchronous=FULL), creates a merchant, and drives each scenario in
 * bench/scenarios/ from a separate load-generator process at 16 keep-alive
 * connections, next to a bare Hono JSON echo measured the same way in the same
 * run. Prints throughput, p50, p99 and the ratio to the echo, the one-thread
 * ceiling of that ratio (bench/ceiling.ts), storage per payment profile and
 * (when the widget provides it) the widget's bundle sizes.
 *
 * `pnpm bench --scale` runs bench/scale.ts instead: the same reads and writes at 10 k and 1 M payment profiles.
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-bench-'));
  const dbPath = join(dir, 'cim.db');
  const { env, baseUrl } = await benchServerEnv(`sqlite:${dbPath}`, dir, {
    CIM_BENCH_ECHO: '1',
    // One client address opens every widget session here; lift per-address limits for the bench.
    CIM_WIDGET_RATE_LIMIT_SCALE: '100000',
    ...(process.env.BENCH_SERVER_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }),
  });
  const started = Date.now();
  let server: ChildProcess | null = null;
  try {
    const merchant = JSON.parse(await runNode([CLI, 'merchant', 'create', '--name', 'Bench Shop', '--origin', 'https://shop.bench.test'], env)) as LoadJob['merchant'];
    server = await startServer(env);

    const scenarioDir = join(import.meta.dirname, 'scenarios');
    const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
    const specs = ['echo', ...files.map((f) => join(scenarioDir, f))].filter((s) => !ONLY || s === 'echo' || ONLY.some((o) => s.endsWith(`/${o}.ts`)));
    process.stdout.write(
      `CIM bench: server pid ${server.pid} at ${baseUrl}, SQLite WAL synchronous=FULL, ${CONNECTIONS} keep-alive connections, ` +
        `${WARMUP_MS / 1000}s warm-up + ${DURATION_MS / 1000}s per scenario, one load-generator process per scenario\n`,
    );
    const results: LoadResult[] = [];
    for (const scenario of specs) {
      const job: LoadJob = { scenario, baseUrl, merchant, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS };
      const out = await runNode([join(import.meta.dirname, 'load.ts'), JSON.stringify(job)], { PATH: process.env.PATH });
      const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
      results.push(result);
      process.stdout.write(`  ${result.name}: ${fmt(result.throughput, 0)} req/s\n`);
    }
    await stopServer(server);
    server = null;

    const echo = results.find((r) => r.name === 'echo');
    const rows = results.map((r) => [
      r.name,
      fmt(r.throughput, 0),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      r === echo || !echo ? '1.00' : fmt(r.throughput / echo.throughput, 2),
      String(r.requests),
      String(r.errors),
      r.description,
    ]);
    process.stdout.write(`\n${table(['scenario', 'req/s', 'p50 ms', 'p99 ms', '× echo', 'requests', 'errors', 'what'], rows)}\n`);
    for (const r of results.filter((x) => x.firstError)) process.stdout.write(`  ${r.name} first error: ${r.firstError}\n`);

    const cards = results.find((r) => r.name === 'card-writes');
    if (cards && echo) {
      const ratio = cards.throughput / echo.throughput;
      process.stdout.write(
        `\ncard writes: ${fmt(ratio, 2)}× echo (target ≥ ${TARGETS.ratio}) ${ratio >= TARGETS.ratio ? 'PASS' : 'MISS'}; ` +
          `p99 ${fmt(cards.p99, 2)} ms (target ≤ ${TARGETS.p99Ms}) ${cards.p99 <= TARGETS.p99Ms ? 'PASS' : 'MISS'}\n`,
      );
    }
    if (cards && echo) {
      const c = JSON.parse(await runNode([join(import.meta.dirname, 'ceiling.ts')], { PATH: process.env.PATH })) as { echoUs: number; cardUs: number; vaultUs: number; sqlUs: number };
      process.stdout.write(
        `ceiling (in-process, no sockets, hot caches; bench/ceiling.ts): echo ${fmt(c.echoUs)} µs of CPU per request, ` +
          `card write ${fmt(c.cardUs)} µs with its durable commit; of that, the vault's own work (parse, validate, ` +
          `2× AES-GCM, 2× HMAC, format) ${fmt(c.vaultUs)} µs and its SQL without the commit ${fmt(c.sqlUs)} µs → on one ` +
          `event loop at best ${fmt(c.echoUs / (c.echoUs + c.vaultUs + c.sqlUs), 2)}× echo even with a free HTTP stack, ` +
          `free authentication and free commits (${fmt(c.echoUs / (c.echoUs + c.vaultUs), 2)}× if SQL were free too)\n`,
      );
    }
    const storage = sqliteBytesPerProfile(dbPath);
    process.stdout.write(
      `storage: ${storage.rows} payment profiles use ${storage.bytes} bytes in payment_profiles + its indexes ` +
        `(dbstat: pages × page size) = ${fmt(storage.perRow, 0)} bytes/profile (row payload alone ${fmt(storage.payloadPerRow, 0)}; ` +
        `target ≤ ${TARGETS.bytesPerProfile}) ${storage.perRow <= TARGETS.bytesPerProfile ? 'PASS' : 'MISS'}\n`,
    );
    const sizes = await widgetSizes();
    if (sizes) process.stdout.write(`\nwidget bundle sizes and time to cim-ready (pnpm --filter @cim/widget bench):\n${sizes}\n`);
    process.stdout.write(`\nbench finished in ${fmt((Date.now() - started) / 1000, 0)} s\n`);
  } finally {
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scale(): Promise<void> {
  const started = Date.now();
  const text = await runScaleBench([async () => sqliteTarget()]);
  process.stdout.write(`\n${text}\nscale bench finished in ${fmt((Date.now() - started) / 1000, 0)} s\n`);
}

(process.argv.includes('--scale') ? scale() : main()).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
