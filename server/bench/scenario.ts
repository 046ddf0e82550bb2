/**
 * A benchmark scenario. The harness (bench/run.ts) starts the real server as a
 * separate process with synchronous=FULL durability, creates a merchant, calls
 * `prepare` once, then drives `iteration` from a load-generator process at 16
 * concurrent connections, next to the echo baseline in the same run.
 */
export interface BenchContext {
  /** e.g. http://127.0.0.1:43123 */
  baseUrl: string;
  merchant: { id: string; secretKey: string; apiLoginId: string; transactionKey: string; allowedOrigins: string[] };
  /** What the harness tells a scenario about data it made beforehand (bench/scale.ts: the seed's tag and size). */
  params: Record<string, string>;
  /** Keep-alive HTTP client shared by the load generator; resolves with status and parsed JSON body. */
  request(method: string, path: string, options?: { headers?: Record<string, string>; body?: unknown }): Promise<{ status: number; body: unknown; headers: Record<string, string> }>;
}

export interface BenchScenario {
  name: string;
  /** One line for the printed table, e.g. "POST /v1/customers/:id/payment-profiles". */
  description: string;
  /** Creates whatever the iterations need (customers, sessions…). */
  prepare(ctx: BenchContext): Promise<BenchIteration>;
}

/** One measured operation; throws if the server answered something unexpected. `i` counts from 0. */
export type BenchIteration = (i: number, ctx: BenchContext) => Promise<void>;
