import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createApp } from '../../app.ts';
import { createMerchant } from '../../domain/merchants.ts';
import { makeTestDeps } from '../../test-support.ts';
import { createTestDatabase } from '../../testing/postgres-database.ts';
import { copyVault } from './copy-vault.ts';

let env: ReturnType<typeof makeTestDeps>;
let url: string;
let sql: postgres.Sql;

beforeAll(async () => {
  env = makeTestDeps();
  const app = createApp(env.deps);
  const merchant = await createMerchant(env.deps, { name: 'Shop', origins: ['http://shop.test'] });
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, { method: 'POST', headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };
  for (let i = 0; i < 7; i++) {
    const customer = await post('/v1/customers', { merchantCustomerId: `m${i}`, description: i % 2 ? 'Ünïcødé' : undefined });
    await post(`/v1/customers/${customer.id}/payment-profiles`, { card: { number: '4111111111111111', expMonth: 1 + i, expYear: 2031 }, billTo: { firstName: 'A', lastName: `B${i}`, zip: '10001' }, isDefault: true });
  }
  await env.deps.store.close();
  url = await createTestDatabase(inject('postgresUrl'));
  sql = postgres(url, { max: 1, onnotice: () => undefined });
});

afterAll(async () => {
  await sql?.end();
  await env?.cleanup().catch(() => undefined);
});

describe('copyVault', () => {
  it('copies every table as stored (same ids, same ciphertext bytes) and reports equal counts and checksums', async () => {
    const reports = await copyVault({ sqlitePath: env.dbPath, postgresUrl: url, batchSize: 2 });
    expect(reports.every((r) => r.match), JSON.stringify(reports)).toBe(true);
    expect(reports.find((r) => r.table === 'payment_profiles')).toMatchObject({ sourceRows: 7, targetRows: 7 });
    const source = new DatabaseSync(env.dbPath, { readOnly: true });
    const before = source.prepare('SELECT id, number_ct FROM payment_profiles ORDER BY id').all() as Array<{ id: number; number_ct: Uint8Array }>;
    source.close();
    const after = await sql<Array<{ id: string; number_ct: Buffer }>>`SELECT id, number_ct FROM payment_profiles ORDER BY id`;
    expect(after.map((r) => [r.id, r.number_ct.toString('hex')])).toEqual(before.map((r) => [String(r.id), Buffer.from(r.number_ct).toString('hex')]));
  });

  it('reports a table whose rows differ afterwards as a mismatch', async () => {
    await sql`UPDATE customers SET email = 'changed@example.com' WHERE id = (SELECT min(id) FROM customers)`;
    const reports = await copyVault({ sqlitePath: env.dbPath, postgresUrl: url });
    expect(reports.filter((r) => !r.match).map((r) => r.table)).toEqual(['customers']);
    const customers = reports.find((r) => r.table === 'customers')!;
    expect(customers.sourceRows).toBe(customers.targetRows);
    expect(customers.sourceChecksum).not.toBe(customers.targetChecksum);
  });
});
