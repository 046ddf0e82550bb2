import { join, resolve } from 'node:path';

/** Where everything runs. Two origins, as in production: CIM on one port, the shop on another. */
export interface DemoSettings {
  root: string;
  dataDir: string;
  cimPort: number;
  shopPort: number;
  cimUrl: string;
  shopUrl: string;
  /** The demo merchant's credentials, handed to the shop through this file (mode 0600), never stdout. */
  merchantKeysFile: string;
  shopDbFile: string;
}

function port(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number (1-65535), not "${raw}".`);
  return value;
}

export function readSettings(env: Record<string, string | undefined> = process.env): DemoSettings {
  const root = resolve(import.meta.dirname, '../../..');
  const dataDir = resolve(env.CIM_DATA_DIR || join(root, 'data'));
  const cimPort = port(env, 'CIM_PORT', 8787);
  const shopPort = port(env, 'DEMO_PORT', 3000);
  if (cimPort === shopPort) throw new Error('CIM_PORT and DEMO_PORT must differ: CIM and the shop are two origins.');
  return {
    root,
    dataDir,
    cimPort,
    shopPort,
    cimUrl: `http://localhost:${cimPort}`,
    shopUrl: `http://localhost:${shopPort}`,
    merchantKeysFile: join(dataDir, 'demo-merchant.json'),
    shopDbFile: join(dataDir, 'demo.db'),
  };
}
