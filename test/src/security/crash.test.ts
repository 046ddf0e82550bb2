import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A real `cim serve` process under card-write load, killed with SIGKILL at random
 * moments: every write it acknowledged (201) must be there after each restart.
 * Group commit answers a writer only after its batch is fsynced; this proves it.
 */
const MAIN = resolve(import.meta.dirname, '../../../server/src/cli/main.ts');
const CYCLES = 3;
const WORKERS = 8;

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-crash-'));
  env = {
    PATH: process.env.PATH ?? '',
    CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`,
    CIM_DATA_DIR: dir,
    CIM_MASTER_KEY: randomBytes(32).toString('base64'),
    CIM_LOG_LEVEL: 'info',
    CIM_PORT: '0',
    CIM_HOST: '127.0.0.1',
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server on a free port (CIM_PORT=0) and reads the port from its start-up log line. */
function start(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveStart, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /"address":"127\.0\.0\.1:(\d+)"/.exec(stderr);
      if (m) resolveStart({ child, base: `http://127.0.0.1:${m[1]}` });
    });
    child.stdout!.resume();
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });

describe('crash safety', () => {
  it(`loses no acknowledged card write across ${CYCLES} kill -9 restarts`, { timeout: 180_000 }, async () => {
    const merchant = JSON.parse(execFileSync(process.execPath, [MAIN, 'merchant', 'create', '--name', 'Crash', '--origin', 'http://crash.test'], { env, encoding: 'utf8' })) as { secretKey: string };
    const headers = { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' };
    const acknowledged: Array<{ customerId: string; profileId: string }> = [];

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, base } = await start();
      // Everything acknowledged before this start is still there.
      for (const { customerId, profileId } of acknowledged) {
        const res = await fetch(`${base}/v1/customers/${customerId}/payment-profiles/${profileId}`, { headers });
        expect(res.status, `cycle ${cycle}: ${customerId}/${profileId}`).toBe(200);
        expect(await res.json()).toMatchObject({ card: { last4: '1111' } });
      }
      let stop = false;
      const worker = async () => {
        while (!stop) {
          try {
            const customer = await fetch(`${base}/v1/customers`, { method: 'POST', headers, body: JSON.stringify({ description: `crash ${cycle}` }) });
            if (customer.status !== 201) continue;
            const { id: customerId } = (await customer.json()) as { id: string };
            const card = await fetch(`${base}/v1/customers/${customerId}/payment-profiles`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ card: { number: '4111111111111111', expMonth: 12, expYear: 2040 } }),
            });
            if (card.status === 201) acknowledged.push({ customerId, profileId: ((await card.json()) as { id: string }).id });
          } catch {
            // The connection died with the server: that write was never acknowledged.
          }
        }
      };
      const before = acknowledged.length;
      const workers = Array.from({ length: WORKERS }, worker);
      // Killed at a random moment of the load, once it writes: a fixed 400 ms from the start could all
      // go to a loaded machine's first request and leave the cycle with nothing acknowledged.
      for (const deadline = Date.now() + 30_000; acknowledged.length === before && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, randomInt(0, 1100)));
      await killHard(child);
      stop = true;
      await Promise.all(workers);
      expect(acknowledged.length, `cycle ${cycle} wrote under load`).toBeGreaterThan(before);
    }

    const { child, base } = await start();
    try {
      for (const { customerId, profileId } of acknowledged) {
        expect((await fetch(`${base}/v1/customers/${customerId}/payment-profiles/${profileId}`, { headers })).status).toBe(200);
      }
    } finally {
      await killHard(child);
    }
  });
});
