import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { LoadJob, LoadResult } from './load.ts';

/**
 * `pnpm bench`: starts the real server (separate process, fresh SQLite database,
 * synchronous=FULL), creates a merchant, and drives each scenario in
 * bench/scenarios/ from a separate load-generator process at 16 keep-alive
 * connections, next to a bare Hono JSON echo measured the same way in the same
 * run. Prints throughput, p50, p99 and the ratio to the echo, the one-thread
 * ceiling of that ratio (bench/ceiling.ts), storage per payment profile and
 * (when the widget provides it) the widget's bundle sizes.
 *
 * Env: BENCH_SECONDS (default 5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (16),
 * BENCH_ONLY=name,name to run some scenarios, BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof) for the server.
 */
const SERVER_ROOT = join(import.meta.dirname, '..');
const REPO_ROOT = join(SERVER_ROOT, '..');
const CLI = join(SERVER_ROOT, 'src/cli/main.ts');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1) * 1000;
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);

const TARGETS = { ratio: 0.5, p99Ms: 15, bytesPerProfile: 1024 };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

function runNode(args: string[], env: NodeJS.ProcessEnv, cwd = SERVER_ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve'], { env, cwd: SERVER_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('CIM is running at')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the server exited early (code ${code})`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Bytes the payment_profiles table and its indexes occupy (dbstat: pages × page size), per row. */
function bytesPerProfile(dbPath: string): { rows: number; bytes: number; perRow: number; payloadPerRow: number } {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const rows = Number((db.prepare('SELECT count(*) AS n FROM payment_profiles').get() as { n: number }).n);
    const names = [
      'payment_profiles',
      ...(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payment_profiles'").all() as Array<{ name: string }>).map((r) => r.name),
    ];
    const marks = names.map(() => '?').join(', ');
    const stat = db.prepare(`SELECT sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat WHERE name IN (${marks})`).get(...names) as { bytes: number; payload: number };
    return { rows, bytes: Number(stat.bytes), perRow: Number(stat.bytes) / rows, payloadPerRow: Number(stat.payload) / rows };
  } finally {
    db.close();
  }
}

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

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-bench-'));
  const dbPath = join(dir, 'cim.db');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    CIM_PORT: String(port),
    CIM_HOST: '127.0.0.1',
    CIM_PUBLIC_URL: baseUrl,
    CIM_DATABASE_URL: `sqlite:${dbPath}`,
    CIM_DATA_DIR: dir,
    CIM_MASTER_KEY: randomBytes(32).toString('base64'),
    CIM_LOG_LEVEL: 'warn',
    CIM_BENCH_ECHO: '1',
    // One client address opens every widget session here; lift per-address limits for the bench.
    CIM_WIDGET_RATE_LIMIT_SCALE: '100000',
    NODE_ENV: 'production',
    ...(process.env.BENCH_SERVER_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }),
  };
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
    const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', '× echo', 'requests', 'errors', 'what'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    process.stdout.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
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
    const storage = bytesPerProfile(dbPath);
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

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
