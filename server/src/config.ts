import { z } from 'zod';
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
  CIM_DATA_DIR: z.string().min(1).default('./data'),
  /** Redacted from here on: a logged or serialized config must not carry the key that opens the vault. */
  CIM_MASTER_KEY: base64Key.transform((v) => new Redacted(v)).optional(),
  CIM_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CIM_WIDGET_DIST: z.string().optional(),
  /** The built merchant console (console/dist) served at /console; defaults to the workspace's. */
  CIM_CONSOLE_DIST: z.string().optional(),
  /** Multiplies every widget API rate limit (docs/tokens.md); the benchmark raises it, production keeps 1. */
  CIM_WIDGET_RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /** `pnpm bench` only: also serve a bare Hono JSON echo at POST /bench/echo as the throughput baseline. */
  CIM_BENCH_ECHO: z.enum(['0', '1']).default('0'),
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
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}
