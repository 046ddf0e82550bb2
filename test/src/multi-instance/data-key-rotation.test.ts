/**
 * A data-key rotation under two real `cim serve` processes that keep serving card reads,
 * charges and saves throughout: the rotating `cim` is killed with SIGKILL mid-way and run
 * again to completion. No request may fail, and afterwards every card opens and charges on
 * both servers, each of which had cached the old key before the rotation began.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';
import { startSharedDatabase, type SharedDatabase, type StoreKind } from './shared-database.ts';

const MAIN = resolve(import.meta.dirname, '../../../server/src/cli/main.ts');
const BILL_TO = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', zip: '10001' };

let db: SharedDatabase;
let dataDir: string;
let env: Record<string, string>;
let servers: CimProcess[];
let merchant: { id: string; secretKey: string };

async function call(server: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${servers[server % servers.length]!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${merchant.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

interface Card {
  customerProfileId: string;
  paymentProfileId: string;
  expMonth: number;
}

async function newCard(server: number, expMonth: number): Promise<Card> {
  const customer = await call(server, 'POST', '/v1/customers', { merchantCustomerId: `k-${randomBytes(6).toString('hex')}` });
  expect(customer.status, customer.text).toBe(201);
  const customerProfileId = customer.body.id as string;
  const card = await call(server, 'POST', `/v1/customers/${customerProfileId}/payment-profiles`, { card: { number: '4111111111111111', expMonth, expYear: 2031 }, billTo: BILL_TO });
  expect(card.status, card.text).toBe(201);
  return { customerProfileId, paymentProfileId: card.body.id as string, expMonth };
}

/** Reads the card (its expiry is sealed) and charges it (its number is sealed); the statuses, for the caller to judge. */
async function use(server: number, card: Card): Promise<Array<{ status: number; text: string }>> {
  const read = await call(server, 'GET', `/v1/customers/${card.customerProfileId}/payment-profiles/${card.paymentProfileId}`);
  if (read.status === 200) expect(read.body.card).toMatchObject({ expMonth: card.expMonth, expYear: 2031 });
  const charged = await call(server, 'POST', '/v1/transactions', { type: 'authCapture', duplicateWindowSeconds: 0, customerProfileId: card.customerProfileId, paymentProfileId: card.paymentProfileId, amount: '1.00' });
  if (charged.status === 201) expect(charged.body.status).toBe('approved');
  return [read, charged];
}

/** `cim keys rotate-data`, killed with SIGKILL once it reports its first committed batch. */
function rotateAndKill(args: string[]): Promise<string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/re-sealed \d+/.test(out)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => done(out));
  });
}

describe.each<StoreKind>(['sqlite', 'postgres'])('data-key rotation under two running servers on %s', (kind) => {
  beforeAll(async () => {
    db = await startSharedDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'cim-rotate-data-'));
    env = { CIM_DATABASE_URL: db.url, CIM_DATA_DIR: dataDir, CIM_MASTER_KEY: randomBytes(32).toString('base64'), CIM_LOG_LEVEL: 'warn' };
    merchant = JSON.parse(await cimCli(['merchant', 'create', '--name', 'Rotating Shop', '--origin', 'https://shop.rotate.test'], env)) as typeof merchant;
    servers = await Promise.all([startCim(env), startCim(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The new key is published 35 s before it seals (so both servers have re-read their keys by then).
  it('keeps serving every card while the rotation runs, is killed and resumed, and leaves every row under the new key', { timeout: 240_000 }, async () => {
    const cards: Card[] = [];
    for (let i = 0; i < 24; i++) cards.push(await newCard(i, 1 + (i % 12)));
    const answered = await call(0, 'POST', '/v1/customers', { email: 'kept@rotate.test' }, { 'Idempotency-Key': 'kept-answer' });
    expect(answered.status).toBe(201);
    // Both servers have the merchant's keys (version 1) cached before the rotation begins.
    for (const server of [0, 1]) for (const answer of await use(server, cards[0]!)) expect(answer.status, answer.text).toBeLessThan(300);

    const failures: string[] = [];
    let traffic = true;
    const during = (async () => {
      for (let n = 0; traffic; n++) {
        const answers = n % 5 === 4 ? [] : await use(n, cards[n % cards.length]!);
        if (n % 5 === 4) cards.push(await newCard(n, 1 + (n % 12)).catch((e: Error) => (failures.push(e.message), cards[0]!)));
        for (const a of answers) if (a.status >= 300) failures.push(`${a.status} ${a.text}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    const args = ['keys', 'rotate-data', '--merchant', merchant.id, '--batch-size', '5'];
    const killed = await rotateAndKill(args);
    expect(killed).toMatch(/data key version 2 created/);
    expect(killed).toMatch(/re-sealed \d+/);
    // The old key is deleted 5 s after the new one began sealing (60 s by default).
    const resumed = await cimCli([...args, '--retire-after', '5'], env);
    expect(resumed).toMatch(/Done: every sealed row of 1 merchant\(s\) is under its newest data key/);
    traffic = false;
    await during;
    expect(failures).toEqual([]);

    const status = JSON.parse(await cimCli(['keys', 'status', '--merchant', merchant.id], env)) as { dataKeys: Array<{ keyVersions: number[]; rows: Array<{ keyVersion: number }>; remaining: number; done: boolean }> };
    expect(status.dataKeys).toEqual([expect.objectContaining({ keyVersions: [2], remaining: 0, done: true })]);
    expect(status.dataKeys[0]!.rows.map((r) => r.keyVersion)).toEqual([2]);
    // Every card, old or saved during the rotation, opens and charges on both servers; the stored answer replays.
    for (const [i, card] of cards.entries()) for (const answer of await use(i, card)) expect(answer.status, answer.text).toBeLessThan(300);
    for (const server of [0, 1]) {
      const replay = await call(server, 'POST', '/v1/customers', { email: 'kept@rotate.test' }, { 'Idempotency-Key': 'kept-answer' });
      expect(replay.text).toBe(answered.text);
    }
  });
});
