import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMerchantKeys, type MerchantKeys } from '../merchant/keys.ts';
import type { DemoSettings } from './settings.ts';

/**
 * The demo merchant exists once per data folder, created with the operator's own tool
 * (`cim merchant create`). Its credentials go straight from the CLI's stdout into a 0600 file
 * the shop reads: they are never printed. A shop on a different port is a different origin,
 * so it gets a merchant of its own (and a fresh shop database to match).
 */
export function ensureDemoMerchant(settings: DemoSettings, cimEnv: NodeJS.ProcessEnv, log: (line: string) => void): { keys: MerchantKeys; created: boolean } {
  const shopOrigin = new URL(settings.shopUrl).origin;
  if (existsSync(settings.merchantKeysFile)) {
    const keys = readMerchantKeys(settings.merchantKeysFile);
    if (keys.allowedOrigins.includes(shopOrigin)) return { keys, created: false };
    log(`The shop moved to ${shopOrigin}: creating a demo merchant for that origin.`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(settings.shopDbFile + suffix, { force: true });
  }
  mkdirSync(settings.dataDir, { recursive: true });
  const result = spawnSync(process.execPath, [join(settings.root, 'server/src/cli/main.ts'), 'merchant', 'create', '--name', 'Northwind Coffee (demo)', '--origin', shopOrigin], {
    cwd: settings.root,
    env: cimEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error('Creating the demo merchant failed (see above).');
  writeFileSync(settings.merchantKeysFile, result.stdout, { mode: 0o600 });
  return { keys: readMerchantKeys(settings.merchantKeysFile), created: true };
}
