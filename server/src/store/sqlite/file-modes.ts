import { chmodSync, existsSync, mkdirSync, openSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * The vault's folder is 0700 and its files 0600: another local user must not read the
 * ciphertexts, the WAL or a key file. A looser mode found at start is tightened; if
 * that is impossible (a file we do not own), start-up fails saying what to fix.
 */
export function enforceMode(path: string, mode: number): void {
  if (!existsSync(path)) return;
  const current = statSync(path).mode & 0o777;
  if ((current & ~mode) === 0) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    throw new Error(`${path} has mode ${current.toString(8).padStart(4, '0')}, looser than ${mode.toString(8).padStart(4, '0')}, and could not be tightened; run: chmod ${mode.toString(8)} ${path}`, { cause: error });
  }
}

/** The data folder (created 0700) and the database file (created 0600 before SQLite opens it, so its WAL and SHM inherit the mode). */
export function prepareDatabaseFiles(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  enforceMode(dir, DIR_MODE);
  if (!existsSync(path)) closeSync(openSync(path, 'a', FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) enforceMode(file, FILE_MODE);
}
