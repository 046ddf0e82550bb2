/**
 * Two real `cim serve` processes on one database, with requests spread over both:
 * every invariant that one process keeps must hold across instances, because the
 * database (not process memory) decides.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';
import { startSharedDatabase, type SharedDatabase, type StoreKind } from './shared-database.ts';

const ORIGIN = 'https://shop.multi.test';
const PUBLIC_URL = 'http://cim.multi.test';
const VISA = '4111111111111111';
const BILL_TO = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'London', zip: '10001', country: 'US' };

let db: SharedDatabase;
let dataDir: string;
let env: Record<string, string>;
let instances: CimProcess[];
let merchant: { id: string; secretKey: string };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(instance: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${instances[instance % instances.length]!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${merchant.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/** The same request to instance i for each i, all at once. */
const spread = (n: number, send: (i: number) => Promise<Answer>) => Promise.all(Array.from({ length: n }, (_, i) => send(i)));
const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort((a, b) => a - b);

async function newCustomer(): Promise<string> {
  const res = await call(0, 'POST', '/v1/customers', { merchantCustomerId: `m-${randomBytes(6).toString('hex')}` });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A result token for a new card of a new shopper: session on instance 0, save+confirm (and so the signature) on `signer`. */
async function newToken(signer = 1): Promise<string> {
  const session = await call(0, 'POST', '/v1/sessions', { origin: ORIGIN, merchantCustomerId: `s-${randomBytes(6).toString('hex')}` });
  expect(session.status).toBe(201);
  const saved = await call(signer, 'POST', '/widget/api/payment-profiles', { card: { number: VISA, expMonth: 12, expYear: 2031, cvc: '123' }, billTo: BILL_TO, confirm: true }, {
    authorization: `Bearer ${session.body.token as string}`,
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  return saved.body.token as string;
}

describe.each<StoreKind>(['postgres', 'sqlite'])('two CIM instances on one %s database', (kind) => {
  beforeAll(async () => {
    db = await startSharedDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'cim-multi-'));
    env = {
      CIM_DATABASE_URL: db.url,
      CIM_DATA_DIR: dataDir,
      CIM_MASTER_KEY: randomBytes(32).toString('base64'),
      CIM_PUBLIC_URL: PUBLIC_URL,
      CIM_LOG_LEVEL: 'warn',
      // Every request here comes from 127.0.0.1: per-address widget limits would refuse the card saves these tests race.
      CIM_WIDGET_RATE_LIMIT_SCALE: '100',
    };
    merchant = JSON.parse(await cimCli(['merchant', 'create', '--name', 'Multi Shop', '--origin', ORIGIN], env)) as typeof merchant;
    // Started together: the migrations (already applied here by the CLI) and the first signing key must not race.
    instances = await Promise.all([startCim(env), startCim(env)]);
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((i) => i.stop()));
    await db?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('20 concurrent redeems of one token spread over both: exactly one 200', async () => {
    const token = await newToken();
    const answers = await spread(20, (i) => call(i, 'POST', '/v1/tokens/redeem', { token }));
    expect(statuses(answers)).toEqual([200, ...Array<number>(19).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expect((a.body.error as { code: string }).code).toBe('token_already_used');
  });

  it('a token charged on one instance and redeemed on the other: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const token = await newToken();
      const [charge, redeem] = await Promise.all([
        call(round, 'POST', '/v1/transactions', { type: 'authCapture', amount: '10.00', token }),
        call(round + 1, 'POST', '/v1/tokens/redeem', { token }),
      ]);
      const won = [charge.status === 201, redeem.status === 200].filter(Boolean);
      expect(won, `charge ${charge.status} ${JSON.stringify(charge.body)}, redeem ${redeem.status}`).toHaveLength(1);
    }
  });

  it('one Idempotency-Key sent to both at once: one execution, the other a replay or 409 idempotency_in_progress', async () => {
    const customerId = await newCustomer();
    const key = `idem-${randomBytes(8).toString('hex')}`;
    const body = { card: { number: VISA, expMonth: 11, expYear: 2031, cvc: '123' }, billTo: BILL_TO };
    const answers = await spread(6, (i) => call(i, 'POST', `/v1/customers/${customerId}/payment-profiles`, body, { 'idempotency-key': key }));
    const created = answers.filter((a) => a.status === 201);
    for (const a of answers) {
      expect([201, 409]).toContain(a.status);
      if (a.status === 409) expect((a.body.error as { code: string }).code).toBe('idempotency_in_progress');
    }
    // Replays answer the first execution byte for byte: one profile id among all 201s.
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    const profiles = (await call(0, 'GET', `/v1/customers/${customerId}`)).body.paymentProfiles as unknown[];
    expect(profiles).toHaveLength(1);
  });

  it('20 concurrent isDefault card creates: exactly one default, and the 10-card limit holds', async () => {
    const customerId = await newCustomer();
    const answers = await spread(20, (i) =>
      call(i, 'POST', `/v1/customers/${customerId}/payment-profiles`, {
        card: { number: VISA, expMonth: 1 + (i % 12), expYear: 2031, cvc: '123' },
        billTo: { ...BILL_TO, lastName: `Lovelace ${i}` },
        isDefault: true,
      }),
    );
    const codes = answers.filter((a) => a.status !== 201).map((a) => (a.body.error as { code: string }).code);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(new Set(codes)).toEqual(new Set(['payment_profile_limit']));
    const profiles = (await call(1, 'GET', `/v1/customers/${customerId}`)).body.paymentProfiles as Array<{ isDefault: boolean }>;
    expect(profiles).toHaveLength(10);
    expect(profiles.filter((p) => p.isDefault)).toHaveLength(1);
  });

  it('the 100-address limit holds under concurrent creates on both', async () => {
    const customerId = await newCustomer();
    const answers = await spread(110, (i) => call(i, 'POST', `/v1/customers/${customerId}/shipping-addresses`, { ...BILL_TO, address: `${i} Main St` }));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(100);
    expect(new Set(answers.filter((a) => a.status !== 201).map((a) => (a.body.error as { code: string }).code))).toEqual(new Set(['shipping_address_limit']));
  });

  it('concurrent refunds on both never exceed the capture', async () => {
    const customerId = await newCustomer();
    const profile = await call(0, 'POST', `/v1/customers/${customerId}/payment-profiles`, { card: { number: VISA, expMonth: 10, expYear: 2031, cvc: '123' }, billTo: BILL_TO });
    const charge = await call(1, 'POST', '/v1/transactions', { type: 'authCapture', amount: '100.00', customerProfileId: customerId, paymentProfileId: profile.body.id });
    expect(charge.body.status).toBe('approved');
    // Refunds apply to settled captures: close the batch now, as the cut-off would.
    await cimCli(['dev', 'settle', '--merchant', merchant.id], env);
    const answers = await spread(10, (i) => call(i, 'POST', `/v1/transactions/${charge.body.id as string}/refund`, { amount: '30.00' }));
    expect(answers.filter((a) => a.status === 201 && a.body.status === 'approved')).toHaveLength(3);
    const after = await call(0, 'GET', `/v1/transactions/${charge.body.id as string}`);
    expect(after.body.refundedAmount).toBe('90.00');
  });

  it('the duplicate window holds across instances', async () => {
    const customerId = await newCustomer();
    const profile = await call(0, 'POST', `/v1/customers/${customerId}/payment-profiles`, { card: { number: VISA, expMonth: 9, expYear: 2031, cvc: '123' }, billTo: BILL_TO });
    const body = { type: 'authCapture', amount: '12.34', customerProfileId: customerId, paymentProfileId: profile.body.id };
    const answers = await spread(6, (i) => call(i, 'POST', '/v1/transactions', body));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) expect((a.body.error as { code: string }).code).toBe('duplicate_transaction');
  });

  it('the per-session card limit holds across instances', async () => {
    const session = await call(0, 'POST', '/v1/sessions', { origin: ORIGIN, merchantCustomerId: `lim-${randomBytes(6).toString('hex')}` });
    const auth = { authorization: `Bearer ${session.body.token as string}` };
    // The first save creates the shopper's profile; the rest race on both instances.
    const first = await call(0, 'POST', '/widget/api/payment-profiles', { card: { number: VISA, expMonth: 1, expYear: 2032, cvc: '123' }, billTo: BILL_TO }, auth);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const answers = await spread(14, (i) =>
      call(i, 'POST', '/widget/api/payment-profiles', { card: { number: VISA, expMonth: 1 + (i % 12), expYear: 2033, cvc: '123' }, billTo: { ...BILL_TO, lastName: `L${i}` } }, auth),
    );
    const saved = answers.filter((a) => a.status === 201).length;
    // Ten saves per session (the first included), and never more than ten cards per customer either.
    expect(saved).toBe(9);
    expect(new Set(answers.filter((a) => a.status !== 201).map((a) => (a.body.error as { code: string }).code))).toEqual(new Set(['session_card_limit']));
  });

  it('both instances serve the same JWKS, and a key rotated by the CLI is published by both', async () => {
    const [a, b] = await spread(2, (i) => call(i, 'GET', '/.well-known/jwks.json'));
    expect(a!.body).toEqual(b!.body);
    const before = (a!.body.keys as Array<{ kid: string }>).map((k) => k.kid);
    expect(before).toHaveLength(1);
    await cimCli(['keys', 'rotate-signing'], env);
    // The JWKS is re-read at most a second after an unknown state; give both a moment.
    await new Promise((r) => setTimeout(r, 1_100));
    const [c, d] = await spread(2, (i) => call(i, 'GET', '/.well-known/jwks.json'));
    expect(c!.body).toEqual(d!.body);
    expect((c!.body.keys as Array<{ kid: string }>).map((k) => k.kid)).toHaveLength(2);
  });

  it('after `cim keys rotate-signing --activate-in`, both instances sign with the new key, and each one\'s tokens verify against the other\'s JWKS', async () => {
    const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
    // Both instances sign just before the rotation, so both hold freshly read keys that lack the new one.
    const before = (await Promise.all([0, 1].map((i) => newToken(i)))).map(kidOf);
    expect(before[1]).toBe(before[0]);
    const old = before[0]!;
    // Two seconds after the command's own clock reading, which lies between these two of ours (a
    // slow start or exit of the CLI on a loaded machine moves neither bound the wrong way).
    const started = Date.now();
    const out = await cimCli(['keys', 'rotate-signing', '--activate-in', '2'], env);
    const activation = Date.parse(/signs tokens from (\S+)\.$/m.exec(out)?.[1] ?? '');
    expect(activation).toBeGreaterThanOrEqual(started + 2_000);
    expect(activation).toBeLessThanOrEqual(Date.now() + 2_000);
    const keys = async () => ((await call(0, 'GET', '/.well-known/jwks.json')).body.keys as Array<{ kid: string }>).map((k) => k.kid);
    // Each instance's signer re-reads its keys at least every second, so both know the new key before it
    // activates and switch at its moment. A second of margin for a loaded machine; the old 30 s re-read missed this.
    await new Promise((r) => setTimeout(r, Math.max(0, activation + 1_000 - Date.now())));
    const tokens = await Promise.all([0, 1].map((i) => newToken(i)));
    const kids = tokens.map(kidOf);
    // Instance 0's token redeemed on instance 1 and the other way round: each verifies the other's signature.
    for (const [i, token] of tokens.entries()) expect((await call(1 - i, 'POST', '/v1/tokens/redeem', { token })).status).toBe(200);
    expect(kids).toHaveLength(2);
    expect(kids[0]).toBe(kids[1]);
    expect(kids[0]).not.toBe(old);
    expect(await keys()).toContain(kids[0]);
    expect(await keys()).toContain(old); // still published: tokens it signed may be alive
  }, 30_000);
});
