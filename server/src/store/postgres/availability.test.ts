import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createMerchant, type MerchantCredentials } from '../../domain/merchants.ts';
import { makeTestDeps } from '../../test-support.ts';
import { createTestDatabase } from '../../testing/postgres-database.ts';
import { freePort, startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import type { Store } from '../types.ts';
import type { PostgresOptions } from './database.ts';
import { openPostgresStore } from './index.ts';

/** A test app on a PostgreSQL store with the given pool settings, and one merchant to call it as. */
async function appOn(options: Partial<PostgresOptions> & { url: string }) {
  const store = await openPostgresStore(options);
  const env = makeTestDeps({ store });
  const app = createApp(env.deps);
  const merchant: MerchantCredentials = await createMerchant(env.deps, { name: 'Shop', origins: ['http://shop.test'] });
  const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${merchant.secretKey}` } });
  const create = () =>
    app.request('/v1/customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' },
      // Base 36: a decimal Math.random() (0.4111…) is a card-like digit run about 3 % of the time, which the API refuses (400).
      body: JSON.stringify({ email: `c${Math.random().toString(36).slice(2)}@example.com` }),
    });
  return { store, env, get, create };
}

/** Holds one connection: a transaction that waits until released. Resolves once it holds it (not after a guessed 50 ms). */
async function holdConnection(store: Store) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let inside!: () => void;
  const holding = new Promise<void>((resolve) => (inside = resolve));
  const holder = store.transaction(async (tx) => {
    await tx.merchants.list();
    inside();
    await held;
  });
  await Promise.race([holding, holder]);
  return { release, holder };
}

/** Polls until `check` holds (state the test cannot be told of, such as requests queued in the pool). */
async function until(what: string, check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !check(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect((await res.json()) as unknown).toMatchObject({ error: { code: 'database_unavailable' } });
}

describe('PostgreSQL unavailable: 503 database_unavailable with Retry-After, never a 500', () => {
  // A cluster of its own: this test stops it.
  let cluster: PostgresCluster;
  let url: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await createTestDatabase(cluster.url);
  }, 60_000);
  afterAll(async () => {
    await cluster.remove();
  });

  it('answers 503 while the server is stopped, and carries on by itself once it is back', async () => {
    const t = await appOn({ url, connectTimeoutMs: 1_000 });
    expect((await t.create()).status).toBe(201);
    await cluster.stop('fast');
    try {
      await expectUnavailable(await t.create());
      await expectUnavailable(await t.get('/v1/customers'));
    } finally {
      await cluster.start();
    }
    expect((await t.create()).status).toBe(201);
    expect((await t.get('/v1/customers')).status).toBe(200);
    await t.env.cleanup();
  });

  it('refuses to open a store whose database nobody answers for, with the same typed error', async () => {
    const nobody = `postgres://cim@127.0.0.1:${await freePort()}/cim`;
    await expect(openPostgresStore({ url: nobody, connectTimeoutMs: 500 })).rejects.toMatchObject({ code: 'database_unavailable', retryAfter: 1 });
  });

  it('an exhausted pool answers 503 after the acquire timeout, and serves again once a connection is free', async () => {
    const t = await appOn({ url, poolSize: 1, acquireTimeoutMs: 200, queueLimit: 10 });
    const { release, holder } = await holdConnection(t.store);
    await expectUnavailable(await t.create());
    await expectUnavailable(await t.get('/v1/customers'));
    release();
    await holder;
    expect((await t.create()).status).toBe(201);
    await t.env.cleanup();
  });

  it('beyond the queue limit, waiting is refused at once rather than queued without bound', async () => {
    const t = await appOn({ url, poolSize: 1, acquireTimeoutMs: 30_000, queueLimit: 2 });
    const { release, holder } = await holdConnection(t.store);
    const queued = [t.get('/v1/customers'), t.get('/v1/customers')];
    await until('two requests waiting for the pool', () => t.store.database.gate.waiting === 2);
    // The pool is busy and two already wait: the third is told to come back, without waiting 30 s.
    await expectUnavailable(await t.get('/v1/customers'));
    release();
    await holder;
    expect((await Promise.all(queued)).map((r) => r.status)).toEqual([200, 200]);
    await t.env.cleanup();
  });

  it('a statement that outlives statement_timeout answers 503, not 500', async () => {
    const t = await appOn({ url, statementTimeoutMs: 200 });
    const locker = await openPostgresStore({ url });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Another session holds the merchants table locked, so authenticating waits on it until statement_timeout.
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = locker.database.sql.begin(async (sql) => {
      await sql`LOCK TABLE merchants IN ACCESS EXCLUSIVE MODE`;
      locked();
      await held;
    });
    await Promise.race([holding, holder]);
    try {
      await expectUnavailable(await t.get('/v1/customers'));
    } finally {
      release();
      await holder;
      await locker.close();
    }
    expect((await t.get('/v1/customers')).status).toBe(200);
    await t.env.cleanup();
  });
});
