/**
 * `cim db copy` end to end: a vault made through the API of a real `cim serve` on
 * SQLite, copied by the real CLI (killed with SIGKILL mid-way, then run again),
 * then served from PostgreSQL by a real server: every card still charges and every
 * token issued before the copy still verifies against the new server's JWKS.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../../../server/src/testing/postgres-cluster.ts';
import { createTestDatabase } from '../../../server/src/testing/postgres-database.ts';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';
import { psql } from '../psql.ts';

const MAIN = resolve(import.meta.dirname, '../../../server/src/cli/main.ts');
const ORIGIN = 'https://shop.copy.test';
const PUBLIC_URL = 'http://cim.copy.test';
const BILL_TO = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'London', zip: '10001', country: 'US' };
const CARDS = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117'];

let dir: string;
let cluster: PostgresCluster;
let pgUrl: string;
let baseEnv: Record<string, string>;
let merchant: { id: string; secretKey: string };
const profiles: Array<{ customerId: string; paymentProfileId: string }> = [];
const tokens: string[] = [];

async function call(cim: CimProcess, method: string, path: string, body?: unknown, auth = merchant.secretKey) {
  const res = await fetch(`${cim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** `cim db copy` as its own process; `killAfter` SIGKILLs it once it has reported that many batches. */
function dbCopy(killAfter?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, 'db', 'copy', '--from', `sqlite:${join(dir, 'cim.db')}`, '--to', pgUrl, '--batch-size', '3'], { env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  let batches = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    batches = (stderr.match(/^copied /gm) ?? []).length;
    if (killAfter !== undefined && batches >= killAfter && child.exitCode === null) child.kill('SIGKILL');
  });
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal, stdout, stderr })));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cim-copy-'));
  baseEnv = { CIM_DATA_DIR: dir, CIM_MASTER_KEY: randomBytes(32).toString('base64'), CIM_PUBLIC_URL: PUBLIC_URL, CIM_LOG_LEVEL: 'warn', CIM_WIDGET_RATE_LIMIT_SCALE: '100' };
  const sqliteEnv = { ...baseEnv, CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}` };
  merchant = JSON.parse(await cimCli(['merchant', 'create', '--name', 'Copy Shop', '--origin', ORIGIN], sqliteEnv)) as typeof merchant;
  const cim = await startCim(sqliteEnv);
  try {
    // A vault with every kind of record: customers, cards, bank accounts, addresses, transactions, sessions, tokens, a rotated key.
    for (let i = 0; i < 12; i++) {
      const customer = await call(cim, 'POST', '/v1/customers', { merchantCustomerId: `c-${i}`, email: `c${i}@example.com` });
      expect(customer.status).toBe(201);
      const customerId = customer.body.id as string;
      const card = await call(cim, 'POST', `/v1/customers/${customerId}/payment-profiles`, { card: { number: CARDS[i % CARDS.length], expMonth: 1 + (i % 12), expYear: 2031 }, billTo: BILL_TO, isDefault: true });
      expect(card.status, JSON.stringify(card.body)).toBe(201);
      profiles.push({ customerId, paymentProfileId: card.body.id as string });
      const address = await call(cim, 'POST', `/v1/customers/${customerId}/shipping-addresses`, { ...BILL_TO, state: 'NY' });
      expect(address.status, JSON.stringify(address.body)).toBe(201);
      if (i % 3 === 0) {
        const bank = await call(cim, 'POST', `/v1/customers/${customerId}/payment-profiles`, { bankAccount: { accountType: 'checking', routingNumber: '021000021', accountNumber: `12345678${i}`, nameOnAccount: 'Ada Lovelace' } });
        expect(bank.status, JSON.stringify(bank.body)).toBe(201);
      }
      const charge = await call(cim, 'POST', '/v1/transactions', { type: 'authCapture', amount: `${10 + i}.00`, customerProfileId: customerId, paymentProfileId: card.body.id });
      expect(charge.status, JSON.stringify(charge.body)).toBe(201);
    }
    for (let i = 0; i < 3; i++) {
      const session = await call(cim, 'POST', '/v1/sessions', { origin: ORIGIN, merchantCustomerId: `w-${i}` });
      expect(session.status).toBe(201);
      const saved = await call(cim, 'POST', '/widget/api/payment-profiles', { card: { number: CARDS[i === 2 ? 3 : i]!, expMonth: 12, expYear: 2032, cvc: '123' }, billTo: BILL_TO, confirm: true }, session.body.token as string);
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      tokens.push(saved.body.token as string);
    }
  } finally {
    await cim.stop();
  }
  await cimCli(['keys', 'rotate-signing'], sqliteEnv);
  cluster = await startPostgresCluster();
  pgUrl = await createTestDatabase(cluster.url);
}, 180_000);

afterAll(async () => {
  await cluster?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cim db copy --from sqlite: --to postgres://', () => {
  it('killed mid-way (SIGKILL), then run again: completes, and every table has the same count and checksum', async () => {
    const killed = await dbCopy(8);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stdout).not.toMatch(/Every table matches/);
    // Killed part-way: some batches committed, with their progress marks, and not all of them.
    const database = new URL(pgUrl).pathname.slice(1);
    const [done, seen] = (await psql(cluster.port, database, "SELECT count(*) FILTER (WHERE done) || ' ' || count(*) FROM cim_copy_progress")).split(' ').map(Number);
    expect(seen).toBeGreaterThan(0);
    expect(done).toBeLessThan(Number(await psql(cluster.port, database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'cim_copy_progress')")));

    const resumed = await dbCopy();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Every table matches/);
    for (const table of ['merchants', 'merchant_keys', 'customers', 'payment_profiles', 'shipping_addresses', 'transactions', 'checkout_sessions', 'signing_keys', 'audit_log']) {
      expect(resumed.stdout).toMatch(new RegExp(`^${table} +[1-9]\\d* +[1-9]\\d* +([0-9a-f]{32})  \\1  ok$`, 'm'));
    }
    expect(resumed.stdout).not.toMatch(/MISMATCH/);
    // Verified, so the progress marks are gone.
    expect(await psql(cluster.port, database, "SELECT count(*) FROM pg_tables WHERE tablename = 'cim_copy_progress'")).toBe('0');

    // Once more: nothing left to copy, and still equal.
    const again = await dbCopy();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Every table matches/);
  }, 180_000);

  it('served from PostgreSQL: every card still charges, every token issued before the copy still verifies', async () => {
    const cim = await startCim({ ...baseEnv, CIM_DATABASE_URL: pgUrl });
    try {
      for (const p of profiles) {
        const charge = await call(cim, 'POST', '/v1/transactions', { type: 'authCapture', amount: '1.00', customerProfileId: p.customerId, paymentProfileId: p.paymentProfileId });
        expect(charge.status, JSON.stringify(charge.body)).toBe(201);
        expect(charge.body.status).not.toBe('error');
      }
      const jwks = createRemoteJWKSet(new URL(`${cim.url}/.well-known/jwks.json`));
      for (const token of tokens) {
        const { payload } = await jwtVerify(token, jwks, { algorithms: ['EdDSA'], issuer: PUBLIC_URL, audience: merchant.id, typ: 'cim-checkout+jwt' });
        expect(payload.paymentProfileId).toMatch(/^\d+$/);
      }
      // A token charges once on the new server too.
      const byToken = await call(cim, 'POST', '/v1/transactions', { type: 'authCapture', amount: '2.00', token: tokens[0] });
      expect(byToken.status, JSON.stringify(byToken.body)).toBe(201);
      // And new writes get new ids (identity sequences moved past the copied ones).
      const customer = await call(cim, 'POST', '/v1/customers', { merchantCustomerId: 'after-copy' });
      expect(customer.status).toBe(201);
    } finally {
      await cim.stop();
    }
  }, 120_000);
});
