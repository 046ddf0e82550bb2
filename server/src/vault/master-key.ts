import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { Redacted } from '../redacted.ts';

export interface MasterKey {
  key: Redacted<Buffer>;
  version: number;
  source: 'environment' | 'development-file';
  /** During a master-key rotation: the old key, decrypt-only (CIM_MASTER_KEY_PREVIOUS). */
  previous?: { key: Redacted<Buffer>; version: number } | undefined;
}

export const DEV_KEY_FILE = 'master.key';

/** The master key that wrapped a blob: the current one or, during a rotation, the previous one. */
export function masterKeyFor(master: MasterKey, kekVersion: number): Buffer {
  if (kekVersion === master.version) return master.key.unwrap();
  if (master.previous && kekVersion === master.previous.version) return master.previous.key.unwrap();
  throw new Error(
    `A key is wrapped under master key version ${kekVersion}, but only version ${master.version}${master.previous ? ` and ${master.previous.version}` : ''} ${master.previous ? 'are' : 'is'} configured. ` +
      'Set CIM_MASTER_KEY_PREVIOUS (and CIM_MASTER_KEY_PREVIOUS_VERSION) to the key it was wrapped with, then run: cim keys rotate-master',
  );
}

/**
 * The key-encrypting key. From CIM_MASTER_KEY when set; otherwise (never in
 * production: config refuses that) a development key generated once into the
 * data folder with mode 0600, so restarts can still read the vault.
 */
export function loadMasterKey(config: Config, warn: (message: string) => void): MasterKey {
  if (config.CIM_MASTER_KEY) {
    const version = config.CIM_MASTER_KEY_VERSION;
    const previous = config.CIM_MASTER_KEY_PREVIOUS
      ? { key: new Redacted(Buffer.from(config.CIM_MASTER_KEY_PREVIOUS.unwrap(), 'base64')), version: config.CIM_MASTER_KEY_PREVIOUS_VERSION ?? version - 1 }
      : undefined;
    return { key: new Redacted(Buffer.from(config.CIM_MASTER_KEY.unwrap(), 'base64')), version, source: 'environment', previous };
  }
  const path = join(config.CIM_DATA_DIR, DEV_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(config.CIM_DATA_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a base64 32-byte key`);
  warn(
    `!!! CIM_MASTER_KEY is not set: using the DEVELOPMENT master key in ${path}. ` +
      'Anyone who can read that file can decrypt the vault. Set CIM_MASTER_KEY (openssl rand -base64 32) before storing real cards. !!!',
  );
  return { key: new Redacted(key), version: 1, source: 'development-file' };
}
