import { existsSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { updateForwardHosts } from '../domain/forward-hosts.ts';
import { createMerchant } from '../domain/merchants.ts';
import { createLogger } from '../logger.ts';
import { CARDS, ROUTING, cardBody, json, newCustomer } from '../routes/fixtures.ts';
import { makeTestDeps } from '../test-support.ts';

/** Every run of 8 digits of `number`: none of them may appear anywhere at rest. */
const runsOf = (number: string, width = 8) => Array.from({ length: number.length - width + 1 }, (_, i) => number.slice(i, i + width));

/** Finds `needle` as ASCII or UTF-16LE text, standing alone (no ASCII digit right before or after). */
function findDigits(haystack: Buffer, needle: string): number {
  for (const encoded of [Buffer.from(needle, 'latin1'), Buffer.from(needle, 'utf16le')]) {
    let at = haystack.indexOf(encoded);
    while (at !== -1) {
      const before = haystack[at - 1];
      const after = haystack[at + encoded.length];
      const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
      if (!isDigit(before) && !isDigit(after)) return at;
      at = haystack.indexOf(encoded, at + 1);
    }
  }
  return -1;
}

const STORED = [
  { number: CARDS.visa, cvc: '739' },
  { number: CARDS.mastercard, cvc: '284' },
  { number: CARDS.mastercard2series, cvc: '615' },
  { number: CARDS.discover, cvc: '903' },
  { number: CARDS.jcb, cvc: '472' },
  { number: CARDS.amex, cvc: '7319' },
  { number: '371449635398431', cvc: '8462' },
];
const BANK_ACCOUNT = '48213679055';
/** A merchant's gateway credentials: sealed like card data. */
const GATEWAY = { apiLoginId: 'ScanLogin5kQ8', transactionKey: 'ScanKey7mW3zR9tY' };
/** A processor credential in a forward template's header and body: sealed like card data. */
const TEMPLATE_SECRET = 'proc_live_Zq8Xv3Lm';

let env: ReturnType<typeof makeTestDeps>;
let logLines: string[];
beforeEach(() => {
  env = makeTestDeps();
  logLines = [];
  env.deps.logger = createLogger('debug', (line) => logLines.push(line));
});
afterEach(async () => {
  await env.cleanup();
});

async function storeEverything() {
  const app = createApp(env.deps);
  const merchant = await createMerchant(env.deps, { name: 'Scan Shop', origins: ['https://scan.test'] });
  const api = async (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const customerId = await newCustomer(api);
  for (const { number, cvc } of STORED) {
    const res = await api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(number, {}, { cvc }));
    expect(res.status).toBe(201);
    const { id } = await json<{ id: string }>(res);
    // Exercise the update path with a CVC too.
    expect((await api('PATCH', `/v1/customers/${customerId}/payment-profiles/${id}`, { card: { expMonth: 11, expYear: 2031, cvc } })).status).toBe(200);
  }
  const bank = await api('POST', `/v1/customers/${customerId}/payment-profiles`, {
    bankAccount: { accountType: 'checking', routingNumber: ROUTING, accountNumber: BANK_ACCOUNT, nameOnAccount: 'Ada' },
  });
  expect(bank.status).toBe(201);
  // Failed attempts carry card data too; they must leave no trace either.
  expect((await api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(CARDS.visa, {}, { cvc: '73' }))).status).toBe(400);
  expect((await api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody('4111111111111112', {}, { cvc: '739' }))).status).toBe(400);
  expect((await api('GET', `/v1/customers/${customerId}`)).status).toBe(200);
  expect((await api('PUT', '/v1/settings/processor', { processor: 'authorizenet', ...GATEWAY, endpoint: 'https://apitest.authorize.net/xml/v1/request.api' })).status).toBe(200);
  await updateForwardHosts(env.deps, merchant.id, { add: ['api.gateway.test'], remove: [] });
  const template = { method: 'POST', url: 'https://api.gateway.test/charge', headers: { authorization: `Bearer ${TEMPLATE_SECRET}` }, bodyType: 'json', body: `{"key":"${TEMPLATE_SECRET}","n":"{{card.number}}"}` };
  expect((await api('POST', '/v1/forward/templates', template)).status).toBe(201);
  return { app, api, customerId };
}

describe('nothing sensitive at rest', () => {
  it('the raw database and WAL files hold no run of 8 digits of any card or account number, and no CVC', async () => {
    await storeEverything();
    const files = [env.dbPath, `${env.dbPath}-wal`].filter(existsSync);
    // The WAL must exist (the store is still open), or this test would only read half the data.
    expect(files).toEqual([env.dbPath, `${env.dbPath}-wal`]);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(10_000);
    for (const { number } of STORED) for (const run of runsOf(number)) expect(findDigits(bytes, run), `${number} run ${run}`).toBe(-1);
    for (const run of runsOf(BANK_ACCOUNT)) expect(findDigits(bytes, run)).toBe(-1);
    for (const secret of Object.values(GATEWAY)) {
      expect(bytes.includes(Buffer.from(secret, 'latin1')), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
    }
    expect(bytes.includes(Buffer.from(TEMPLATE_SECRET)), 'forward template credential').toBe(false);
    for (const { cvc } of STORED.filter((c) => c.cvc.length === 4)) expect(findDigits(bytes, cvc), `cvc ${cvc}`).toBe(-1);
    // No JSON member named cvc either (the schema may name a processor's cvc_result column).
    expect(bytes.includes(Buffer.from('"cvc"'))).toBe(false);
  });

  it('a webhook signing secret is sealed (bound to merchant, endpoint and field), never in the files in clear', async () => {
    const { api } = await storeEverything();
    const res = await api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.scan.test/in' });
    expect(res.status).toBe(201);
    const { id, secret } = await json<{ id: string; secret: string }>(res);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const bytes = Buffer.concat([env.dbPath, `${env.dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from(secret.slice(6, 30)))).toBe(false);
    expect(bytes.includes(key.subarray(0, 16))).toBe(false);
    const [endpoint] = await env.deps.store.webhooks.listEndpoints((await env.deps.store.merchants.list())[0]!.id);
    const crypto = await env.deps.keyring.forMerchant(env.deps.store, endpoint!.merchantId);
    expect(crypto.open(id, 'webhookSecret', endpoint!.secretCt)).toBe(secret);
    // Bound to its record and field: under another endpoint id or field it does not open.
    expect(() => crypto.open('1234567890', 'webhookSecret', endpoint!.secretCt)).toThrow();
    expect(() => crypto.open(id, 'number', endpoint!.secretCt)).toThrow();
  });

  it('no readable column holds a CVC, and every ciphertext opens to the number or expiry alone', async () => {
    await storeEverything();
    const db = new DatabaseSync(env.dbPath, { readOnly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    const cvcs = new Set(STORED.map((c) => c.cvc));
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string') {
            expect(cvcs.has(value), `${table}.${column}`).toBe(false);
            expect(value).not.toMatch(/"cvc"/i);
          }
        }
      }
    }
    const rows = db.prepare('SELECT id, merchant_id, number_ct, expiry_ct, routing_ct FROM payment_profiles').all() as Array<{
      id: number; merchant_id: string; number_ct: Uint8Array; expiry_ct: Uint8Array | null; routing_ct: Uint8Array | null;
    }>;
    const gateway = db.prepare('SELECT merchant_id, endpoint, api_login_id_ct, transaction_key_ct FROM merchant_processors').get() as {
      merchant_id: string; endpoint: string; api_login_id_ct: Uint8Array; transaction_key_ct: Uint8Array;
    };
    db.close();
    expect(rows).toHaveLength(STORED.length + 1);
    const crypto = await env.deps.keyring.forMerchant(env.deps.store, rows[0]!.merchant_id);
    const numbers = new Set([...STORED.map((c) => c.number), BANK_ACCOUNT]);
    for (const row of rows) {
      const id = String(row.id);
      expect(numbers.has(crypto.open(id, 'number', row.number_ct))).toBe(true);
      if (row.expiry_ct) expect(crypto.open(id, 'expiry', row.expiry_ct)).toBe('2031-11');
      if (row.routing_ct) expect(crypto.open(id, 'routing', row.routing_ct)).toBe(ROUTING);
    }
    // Gateway credentials open under merchant + processor + endpoint + field, and under nothing else.
    const record = `processor:authorizenet:${encodeURIComponent(gateway.endpoint)}`;
    expect(crypto.open(record, 'apiLoginId', gateway.api_login_id_ct)).toBe(GATEWAY.apiLoginId);
    expect(crypto.open(record, 'transactionKey', gateway.transaction_key_ct)).toBe(GATEWAY.transactionKey);
    expect(() => crypto.open(record, 'apiLoginId', gateway.transaction_key_ct)).toThrow();
  });

  it('log output carries no card data or CVC, even when a card request fails inside the server', async () => {
    const { api, customerId } = await storeEverything();
    // Break the database under a valid card request (the merchant's key is still cached from the
    // calls above, so the request gets as far as the write): the unhandled-error path logs, and must stay clean.
    await env.deps.store.close();
    const res = await api('POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(CARDS.amex, {}, { cvc: '5183' }));
    const text = await res.text();
    expect(res.status, text).toBe(500);
    expect(text).not.toContain(CARDS.amex);
    const logs = logLines.join('\n');
    expect(logLines.some((l) => l.includes('unhandled error'))).toBe(true);
    for (const number of [...STORED.map((c) => c.number), CARDS.amex, BANK_ACCOUNT]) for (const run of runsOf(number)) expect(logs).not.toContain(run);
    expect(logs).not.toContain('5183');
    expect(logs).not.toMatch(/cvc/i);
  });
});
