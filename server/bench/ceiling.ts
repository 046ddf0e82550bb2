import { PaymentProfileCreate } from '@cim/shared';
import { createApp, type App } from '../src/app.ts';
import { systemClock } from '../src/clock.ts';
import type { AppDeps } from '../src/deps.ts';
import { insertPaymentProfile, sealCard } from '../src/domain/payment-profiles.ts';
import type { DomainContext } from '../src/domain/context.ts';
import { createMerchant } from '../src/domain/merchants.ts';
import { withBenchEcho } from '../src/http/bench-echo.ts';
import { makeTestDeps } from '../src/test-support.ts';
import type { MerchantCrypto } from '../src/vault/keyring.ts';
import { CARD_WRITE_BODY } from './scenarios/card-writes.ts';

/**
 * The ceiling: what one thread could reach at best, from CPU work alone.
 *
 * Runs in its own process, after the HTTP scenarios, with no sockets: the echo
 * and a card write through the same app (`fetch`, 16 in flight, hot caches),
 * the vault's own share of a card write (parse, validate, encrypt twice, two
 * keyed fingerprints, format the answer) with no framework, SQL or commit, and
 * the SQL of a card write (customer check, count, duplicate check, insert,
 * audit entry) inside one long transaction, so with no commit. On one event
 * loop a card write costs at least echo + vault share + SQL, so
 * echo ÷ (echo + vault + SQL) bounds the ratio whatever the HTTP stack does.
 * Prints one JSON line.
 */
const ROUNDS = 3;

async function perOperation(count: number, concurrency: number, op: (i: number) => Promise<unknown> | unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    let next = round * count;
    const end = next + count;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => { for (let i = next++; i < end; i = next++) await op(i); }));
    best = Math.min(best, ((performance.now() - t0) * 1000) / count);
  }
  return best;
}

/** Customer profiles for card writes (ten cards each at most), made through the app. */
async function createCustomers(app: App, auth: string, count: number, prefix: string): Promise<string[]> {
  const customers: string[] = [];
  for (let k = 0; k < count; k++) {
    const res = await app.request('/v1/customers', { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ merchantCustomerId: `${prefix}-${k}` }) });
    customers.push(((await res.json()) as { id: string }).id);
  }
  return customers;
}

async function main(): Promise<void> {
  const env = makeTestDeps();
  env.deps.clock = systemClock;
  try {
    const app = createApp(env.deps);
    const fetch = withBenchEcho(app);
    const merchant = await createMerchant(env.deps, { name: 'Ceiling Shop', origins: ['https://shop.bench.test'] });
    const auth = `Bearer ${merchant.secretKey}`;
    const COUNT = 6000;
    const customers = await createCustomers(app, auth, (ROUNDS * COUNT) / 10 + 1, 'ceiling');
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      new Request(`http://127.0.0.1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const answer = async (res: Response | Promise<Response>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`ceiling: ${r.status} ${await r.text()}`);
      return r.text();
    };

    const echoUs = await perOperation(COUNT, 16, (i) => answer(fetch(post('/bench/echo', CARD_WRITE_BODY(i)))));
    const cardUs = await perOperation(COUNT, 16, (i) => answer(fetch(post(`/v1/customers/${customers[Math.floor(i / 10)]}/payment-profiles`, CARD_WRITE_BODY(i), { authorization: auth }))));
    const crypto = await env.deps.keyring.forMerchant(env.deps.store, merchant.id);
    const bodies = Array.from({ length: 1000 }, (_, i) => JSON.stringify(CARD_WRITE_BODY(i)));
    const now = new Date();
    const vaultUs = await perOperation(30_000, 1, (i) => {
      const input = PaymentProfileCreate.parse(JSON.parse(bodies[i % 1000]!));
      const sealed = sealCard(crypto, String(1_000_000_000 + i), input.card!, now);
      return JSON.stringify({ id: String(i), type: sealed.type, card: { brand: sealed.brand, last4: sealed.last4 }, billTo: input.billTo });
    });
    const sqlUs = await sqlPerCardWrite(env.deps, merchant.id, crypto, app, auth);
    process.stdout.write(JSON.stringify({ echoUs, cardUs, vaultUs, sqlUs }) + '\n');
  } finally {
    await env.cleanup();
  }
}

/** The store statements of a card write, timed inside one transaction (no commit per write). */
async function sqlPerCardWrite(
  deps: AppDeps,
  merchantId: string,
  crypto: MerchantCrypto,
  app: App,
  auth: string,
): Promise<number> {
  const COUNT = 20_000;
  const customers = await createCustomers(app, auth, COUNT / 10, 'ceiling-sql');
  const ctx: DomainContext = { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId, actor: 'api', clientAddress: '127.0.0.1' };
  const now = new Date();
  const fields = { billTo: CARD_WRITE_BODY(0).billTo, customerType: null, isDefault: false };
  return deps.store.transaction(async (tx) => {
    let spent = 0;
    for (let i = 0; i < COUNT; i++) {
      const id = String(2_000_000_000 + i);
      const sealed = sealCard(crypto, id, CARD_WRITE_BODY(100_000 + i).card, now);
      const t0 = performance.now();
      await insertPaymentProfile(ctx, tx, customers[Math.floor(i / 10)]!, id, sealed, fields);
      spent += performance.now() - t0;
    }
    return (spent * 1000) / COUNT;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`ceiling: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
