import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_BATCH } from '../migration/import-rows.ts';
import { parseRows } from '../migration/rows.ts';
import { cim } from './run-cli.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const ROWS = 10_000;

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-cli-import-killed-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn', CIM_MASTER_KEY: randomBytes(32).toString('base64') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `cim import` and kills it (SIGKILL: no cleanup, no last commit) as soon as it reports progress short of the end. */
function importKilledMidway(args: string[]): Promise<{ signal: NodeJS.Signals | null; progress: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let progress = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const m = /import: (\d+)\/(\d+) rows/.exec(chunk);
      if (m && Number(m[1]) < Number(m[2]) && !progress) {
        progress = m[0];
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => resolve({ signal, progress }));
  });
}

describe('cim import killed in the middle', () => {
  it('keeps whole batches only, and a second run creates exactly the rest', { timeout: 300_000 }, async () => {
    const merchant = async (name: string) => JSON.parse((await cim(['merchant', 'create', '--name', name, '--origin', 'https://a.test'], env)).stdout) as { id: string };
    const from = await merchant('From');
    const to = await merchant('To');
    expect((await cim(['dev', 'seed', '--profiles', String(ROWS), '--merchant', from.id], env)).code).toBe(0);
    writeFileSync(join(dir, 'cim-import.jwk'), (await cim(['keys', 'import-key', '--format', 'jwe'], env)).stdout);
    const exported = await cim(['export', '--merchant', from.id, '--to-public-key', join(dir, 'cim-import.jwk'), '--out', join(dir, 'cards.jwe'), '--confirm-export-card-data'], env);
    expect(exported.code, exported.stderr).toBe(0);

    const killed = await importKilledMidway(['import', '--merchant', to.id, '--events', 'none', join(dir, 'cards.jwe')]);
    expect(killed.signal).toBe('SIGKILL');

    const again = await cim(['import', '--merchant', to.id, join(dir, 'cards.jwe')], env);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { alreadyPresent: number; paymentProfilesCreated: number; errors: unknown[] };
    // The killed run left whole batches (it committed at least the one it reported), never part of one.
    expect(report.alreadyPresent % IMPORT_BATCH, killed.progress).toBe(0);
    expect(report.alreadyPresent).toBeGreaterThan(0);
    expect(report.alreadyPresent).toBeLessThan(ROWS);
    expect(report.alreadyPresent + report.paymentProfilesCreated).toBe(ROWS);
    expect(report.errors).toEqual([]);

    // Every card exactly once: the target's own export holds the ROWS numbers, none twice.
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'next.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
    const out = await cim(['export', '--merchant', to.id, '--to-public-key', join(dir, 'next.pem'), '--out', join(dir, 'to.jwe'), '--confirm-export-card-data'], env);
    expect(out.code, out.stderr).toBe(0);
    const { plaintext } = await compactDecrypt(readFileSync(join(dir, 'to.jwe'), 'utf8'), privateKey);
    const numbers = parseRows(plaintext).rows.map((r) => r.card_number);
    expect(numbers).toHaveLength(ROWS);
    expect(new Set(numbers).size).toBe(ROWS);
  });
});
