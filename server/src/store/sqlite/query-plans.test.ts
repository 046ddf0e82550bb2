import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreFixture } from '../contract.ts';
import type { SqliteDatabase } from './database.ts';
import { tempSqliteStore } from './temp-store.ts';

let fixture: StoreFixture;
beforeEach(async () => {
  fixture = await tempSqliteStore();
});
afterEach(() => fixture.cleanup());

/** Every SQL text the store prepares while `run` calls it. */
async function sqlOf(run: () => Promise<unknown>): Promise<string[]> {
  const database = (fixture.store as unknown as { database: SqliteDatabase }).database;
  const seen: string[] = [];
  const statement = database.statement.bind(database);
  database.statement = (sql: string) => (seen.push(sql), statement(sql));
  try {
    await run();
  } finally {
    database.statement = statement;
  }
  return seen;
}

describe('SQLite plans of the per-customer card lookups', () => {
  // Without statistics SQLite picks among indexes by shape; an index led by merchant_id
  // (payment_profiles_key_version, _expiry) would read the merchant's every card.
  it('go through the customer or the row id, never an index led by the merchant', async () => {
    const pp = fixture.store.paymentProfiles;
    const m = 'mer_plans';
    const sqls = await sqlOf(async () => {
      await pp.get(m, '1000000001', '2000000001');
      await pp.getById(m, '2000000001');
      await pp.listForCustomer(m, '1000000001');
      await pp.listForCustomers(m, ['1000000001', '1000000002']);
      await pp.countForCustomer(m, '1000000001');
      await pp.findByFingerprint(m, '1000000001', new Uint8Array(32));
      await pp.clearDefault(m, '1000000001');
      await pp.delete(m, '1000000001', '2000000001').catch(() => undefined);
    });
    const database = (fixture.store as unknown as { database: SqliteDatabase }).database;
    const plans = sqls
      .filter((sql) => /\bpayment_profiles\b/.test(sql))
      .map((sql) => ({ sql, plan: database.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => String((r as { detail: string }).detail)).join('; ') }));
    expect(plans.length).toBeGreaterThanOrEqual(8);
    for (const { sql, plan } of plans) {
      expect(plan, sql).toMatch(/payment_profiles USING (COVERING )?INDEX payment_profiles_(customer|fingerprint|one_default)|INTEGER PRIMARY KEY/);
      expect(plan, sql).not.toMatch(/SCAN payment_profiles|payment_profiles_key_version|payment_profiles_expiry/);
    }
  });
});
