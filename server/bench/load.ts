import { pathToFileURL } from 'node:url';
import { benchClient } from './client.ts';
import { processTreeCpuSeconds } from './cpu.ts';
import { echo } from './echo.ts';
import type { BenchContext, BenchScenario } from './scenario.ts';

/**
 * The load generator, one process per scenario (started by run.ts). It runs the
 * scenario's `prepare`, then `connections` workers loop over iterations, each
 * awaiting its previous one (closed loop): a warm-up, then a measured window.
 * Prints one JSON line of results on stdout.
 */
export interface LoadJob {
  scenario: string; // "echo" or a path to a scenario module
  baseUrl: string;
  merchant: BenchContext['merchant'];
  connections: number;
  warmupMs: number;
  durationMs: number;
  params?: Record<string, string>;
  /** Several CIM instances on one database: connections are dealt out over these in turn (`baseUrl` prepares). */
  baseUrls?: string[];
  /** Processes whose CPU time over the measured window is reported (CIM servers, the database server). */
  cpu?: Array<{ label: string; pid: number }>;
}

export interface LoadResult {
  name: string;
  description: string;
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  /** CPU seconds each `cpu` process used during the measured window. */
  cpu: Record<string, number>;
}

async function loadScenario(spec: string): Promise<BenchScenario> {
  if (spec === 'echo') return echo;
  const mod = (await import(pathToFileURL(spec).href)) as { default?: BenchScenario; scenario?: BenchScenario };
  const scenario = mod.default ?? mod.scenario;
  if (!scenario) throw new Error(`${spec} exports no scenario`);
  return scenario;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const scenario = await loadScenario(job.scenario);
  const urls = job.baseUrls ?? [job.baseUrl];
  const contexts = urls.map((baseUrl): BenchContext & { request: ReturnType<typeof benchClient> } => ({
    baseUrl,
    merchant: job.merchant,
    params: job.params ?? {},
    request: benchClient(baseUrl, Math.ceil(job.connections / urls.length)),
  }));
  const ctx = contexts[0]!;
  const iteration = await scenario.prepare(ctx);

  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const end = measureFrom + job.durationMs;
  const sampleCpu = () => Object.fromEntries((job.cpu ?? []).map(({ label, pid }) => [label, processTreeCpuSeconds(pid)]));
  let cpuAtStart: Record<string, number> = {};
  const cpuTimer = setTimeout(() => (cpuAtStart = sampleCpu()), job.warmupMs);
  let measuredStart = Number.NaN;
  await Promise.all(
    Array.from({ length: job.connections }, async (_, worker) => {
      const own = contexts[worker % contexts.length]!;
      for (;;) {
        const t0 = performance.now();
        if (t0 >= end) return;
        const i = next++;
        try {
          await iteration(i, own);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
          if (errors > 100) throw new Error(`${scenario.name}: too many errors; first: ${firstError}`);
        }
        const t1 = performance.now();
        // Count operations that started inside the measured window.
        if (t0 >= measureFrom) {
          if (Number.isNaN(measuredStart)) measuredStart = t0;
          latencies.push(t1 - t0);
        }
      }
    }),
  );
  const seconds = (performance.now() - measureFrom) / 1000;
  clearTimeout(cpuTimer);
  const cpuAtEnd = sampleCpu();
  const cpu = Object.fromEntries(Object.entries(cpuAtEnd).map(([label, t]) => [label, t - (cpuAtStart[label] ?? t)]));
  for (const c of contexts) c.request.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    name: scenario.name,
    description: scenario.description,
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpu,
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
run(job).then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
