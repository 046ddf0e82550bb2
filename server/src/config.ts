import { z } from 'zod';
import { parseTrustedProxies } from './http/trusted-proxies.ts';
import { Redacted } from './redacted.ts';

const base64Key = z
  .string()
  .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    message: 'must be the base64 encoding of exactly 32 random bytes (try: openssl rand -base64 32)',
  });

export const ConfigSchema = z.object({
  CIM_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  CIM_HOST: z.string().min(1).default('127.0.0.1'),
  CIM_PUBLIC_URL: z.url().default('http://localhost:8787'),
  CIM_DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/cim.db'),
  /** PostgreSQL only: connections per CIM process. */
  CIM_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** PostgreSQL only: how long a request waits for a free connection before answering 503 database_unavailable. */
  CIM_DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
  /** PostgreSQL only: requests that may wait for a connection at once; beyond it, 503 at once (no unbounded queue). */
  CIM_DATABASE_QUEUE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
  /** PostgreSQL only: server-side statement_timeout. */
  CIM_DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  /** PostgreSQL only: how long opening a connection may take (an unreachable host fails after it). */
  CIM_DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
  CIM_DATA_DIR: z.string().min(1).default('./data'),
  /** Redacted from here on: a logged or serialized config must not carry the key that opens the vault. */
  CIM_MASTER_KEY: base64Key.transform((v) => new Redacted(v)).optional(),
  /** The version number of CIM_MASTER_KEY: raise it (2, 3, …) with each new master key. */
  CIM_MASTER_KEY_VERSION: z.coerce.number().int().min(1).max(65535).default(1),
  /** During a master-key rotation: the old key, decrypt-only, until `cim keys rotate-master` has re-wrapped everything. */
  CIM_MASTER_KEY_PREVIOUS: base64Key.transform((v) => new Redacted(v)).optional(),
  /** Its version; defaults to CIM_MASTER_KEY_VERSION − 1. */
  CIM_MASTER_KEY_PREVIOUS_VERSION: z.coerce.number().int().min(1).max(65535).optional(),
  CIM_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CIM_WIDGET_DIST: z.string().optional(),
  /** The built merchant console (console/dist) served at /console; defaults to the workspace's. */
  CIM_CONSOLE_DIST: z.string().optional(),
  /** Multiplies every widget API rate limit (docs/tokens.md); the benchmark raises it, production keeps 1. */
  CIM_WIDGET_RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /** Cache-Control max-age of /.well-known/jwks.json, and how long a rotated signing key waits before signing (docs/tokens.md). */
  CIM_JWKS_CACHE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  /** `pnpm bench` only: also serve a bare Hono JSON echo at POST /bench/echo as the throughput baseline. */
  CIM_BENCH_ECHO: z.enum(['0', '1']).default('0'),
  /** Comma-separated CIDRs of reverse proxies whose X-Forwarded-For / Forwarded headers name the client. Unset: headers ignored. */
  CIM_TRUST_PROXY: z
    .string()
    .superRefine((v, ctx) => {
      for (const problem of parseTrustedProxies(v).problems) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** Tests only: webhook endpoints may be plain http and on loopback or private addresses (docs/webhooks.md). Never in production. */
  CIM_WEBHOOKS_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** Multiplies the webhook retry schedule (5 s … 24 h); tests shrink it, production keeps 1. */
  CIM_WEBHOOKS_RETRY_SCALE: z.coerce.number().positive().max(1).default(1),
  /** How often each instance looks for due webhook deliveries. */
  CIM_WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** How long one webhook attempt may take (connect, send, answer) before it counts as failed. */
  CIM_WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** PEM files: with both set, CIM serves HTTPS itself (and sends HSTS). */
  CIM_TLS_CERT: z.string().min(1).optional(),
  CIM_TLS_KEY: z.string().min(1).optional(),
  /**
   * Comma-separated hosts a merchant's Authorize.Net endpoint may name besides api.authorize.net and
   * apitest.authorize.net (e.g. another CIM acting as the gateway). A loopback host listed here may use
   * plain http:// (tests, a gateway on the same machine); every other endpoint must be https://.
   */
  CIM_GATEWAY_HOSTS: z.string().optional(),
  /** How long CIM waits for a gateway's answer before leaving the transaction pending (resolve asks again). */
  CIM_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** Forwarding proxy (docs/forwarding.md): 1 lets forwards reach loopback/private addresses. Tests only; refused in production. */
  CIM_FORWARD_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** Forwarding proxy: a PEM file of extra CA certificates to trust beside the system's. */
  CIM_FORWARD_CA_FILE: z.string().min(1).optional(),
  /** Forwarding proxy: the deadline for one forward, connect to last byte. */
  CIM_FORWARD_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Forwarding proxy: the largest answer accepted from a destination. */
  CIM_FORWARD_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(1024 * 1024),
  NODE_ENV: z.string().default('development'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads every CIM_* variable at once and reports every problem together, not the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => (k.startsWith('CIM_') || k === 'NODE_ENV') && v !== ''));
  const parsed = ConfigSchema.safeParse(picked);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (picked.NODE_ENV === 'production' && !picked.CIM_MASTER_KEY) {
    problems.push('CIM_MASTER_KEY: required when NODE_ENV=production (the development key file is refused in production)');
  }
  if (parsed.success && parsed.data.CIM_MASTER_KEY_PREVIOUS) {
    const { CIM_MASTER_KEY_VERSION: version, CIM_MASTER_KEY_PREVIOUS_VERSION: previous = version - 1 } = parsed.data;
    if (!parsed.data.CIM_MASTER_KEY) problems.push('CIM_MASTER_KEY_PREVIOUS: needs CIM_MASTER_KEY (the new key) beside it');
    else if (previous < 1 || previous === version) problems.push('CIM_MASTER_KEY_VERSION: the new master key needs a version of its own (e.g. CIM_MASTER_KEY_VERSION=2 with the previous key at 1)');
  }
  if (picked.NODE_ENV === 'production' && picked.CIM_WEBHOOKS_ALLOW_PRIVATE === '1') {
    problems.push('CIM_WEBHOOKS_ALLOW_PRIVATE: must not be 1 when NODE_ENV=production (webhooks could reach internal services)');
  }
  if (picked.NODE_ENV === 'production' && picked.CIM_FORWARD_ALLOW_PRIVATE === '1') {
    problems.push('CIM_FORWARD_ALLOW_PRIVATE: tests only; forwards to loopback or private addresses are refused when NODE_ENV=production');
  }
  if (Boolean(picked.CIM_TLS_CERT) !== Boolean(picked.CIM_TLS_KEY)) {
    problems.push('CIM_TLS_CERT, CIM_TLS_KEY: set both (certificate and private key PEM files) or neither');
  }
  const publicUrl = picked.CIM_PUBLIC_URL ?? 'http://localhost:8787';
  if (picked.NODE_ENV === 'production' && URL.canParse(publicUrl) && new URL(publicUrl).protocol !== 'https:' && !picked.CIM_TRUST_PROXY) {
    problems.push(
      'CIM_PUBLIC_URL: must be https:// when NODE_ENV=production (card data must not cross the network in clear); ' +
        'serve TLS with CIM_TLS_CERT/CIM_TLS_KEY, or set CIM_TRUST_PROXY to the proxy that terminates TLS',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}
