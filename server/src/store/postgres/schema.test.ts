import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from './index.ts';
import { schemaProblems } from './schema-rules.ts';
import { testDatabaseUrl } from './temp-store.ts';

describe('PostgreSQL schema (read from the catalog): Citus-ready', () => {
  let sql: postgres.Sql;

  beforeAll(async () => {
    const url = await testDatabaseUrl();
    await (await openPostgresStore({ url })).close();
    sql = postgres(url, { max: 1, onnotice: () => undefined });
  });
  afterAll(async () => {
    await sql.end();
  });

  it('marks every table, and every tenant table keys, references and uniques by merchant_id first', async () => {
    expect(await schemaProblems(sql)).toEqual([]);
    const kinds = await sql<{ name: string; kind: string }[]>`
      SELECT relname AS name, obj_description(oid, 'pg_class') AS kind FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname`;
    // Small, installation-wide, rarely written: copied to every Citus node (docs/scaling.md).
    expect(kinds.filter((k) => k.kind === 'cim:reference').map((k) => k.name)).toEqual(['import_keys', 'merchants', 'schema_migrations', 'signing_keys', 'staff_accounts', 'staff_sessions']);
    const tenant = [
      'audit_log', 'checkout_sessions', 'customers', 'forward_templates', 'idempotency_keys', 'merchant_keys', 'merchant_processors', 'merchant_settings', 'payment_profiles', 'settlement_batches',
      'shipping_addresses', 'subscription_occurrences', 'subscriptions', 'transactions', 'used_checkout_tokens',
      'webhook_attempts', 'webhook_deliveries', 'webhook_endpoints', 'webhook_events', 'webhook_expiry_notices',
    ];
    expect(kinds.filter((k) => k.kind === 'cim:tenant').map((k) => k.name)).toEqual(tenant);
    // Buckets keyed by address or session, not by merchant, written on every widget call: distributed by their own key.
    expect(kinds.filter((k) => k.kind?.startsWith('cim:distributed:'))).toEqual([{ name: 'rate_limits', kind: 'cim:distributed:key' }]);
    expect(kinds.length).toBe(tenant.length + 7);
  });

  it('reports each kind of breach (so the rule above can fail)', async () => {
    await sql.unsafe(`
      DROP SCHEMA IF EXISTS broken CASCADE;
      CREATE SCHEMA broken;
      CREATE TABLE broken.parents (merchant_id text NOT NULL, id bigint NOT NULL, PRIMARY KEY (merchant_id, id));
      COMMENT ON TABLE broken.parents IS 'cim:tenant';
      CREATE TABLE broken.unmarked (id bigint PRIMARY KEY);
      CREATE TABLE broken.by_id (id bigint PRIMARY KEY, merchant_id text, parent_id bigint, code text);
      COMMENT ON TABLE broken.by_id IS 'cim:tenant';
      CREATE UNIQUE INDEX by_id_code ON broken.by_id (code);
      ALTER TABLE broken.by_id ADD CONSTRAINT by_id_parent UNIQUE (parent_id, merchant_id);
      CREATE TABLE broken.children (merchant_id text NOT NULL, id bigint NOT NULL, parent_id bigint, PRIMARY KEY (merchant_id, id),
        CONSTRAINT children_parent FOREIGN KEY (parent_id) REFERENCES broken.by_id (id));
      COMMENT ON TABLE broken.children IS 'cim:tenant';
      CREATE TABLE broken.shared (id bigint PRIMARY KEY, merchant_id text NOT NULL, parent_id bigint,
        CONSTRAINT shared_parent FOREIGN KEY (merchant_id, parent_id) REFERENCES broken.parents (merchant_id, id));
      COMMENT ON TABLE broken.shared IS 'cim:reference';
      CREATE TABLE broken.buckets (key text, merchant_id text NOT NULL, parent_id bigint, PRIMARY KEY (merchant_id, key),
        CONSTRAINT buckets_parent FOREIGN KEY (merchant_id, parent_id) REFERENCES broken.parents (merchant_id, id));
      COMMENT ON TABLE broken.buckets IS 'cim:distributed:key';
      CREATE TABLE broken.good_buckets (key text PRIMARY KEY, tokens float8 NOT NULL);
      COMMENT ON TABLE broken.good_buckets IS 'cim:distributed:key';
      CREATE TABLE broken.misnamed (id bigint PRIMARY KEY);
      COMMENT ON TABLE broken.misnamed IS 'cim:distributed:';
    `);
    const problems = await schemaProblems(sql, 'broken');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^unmarked: not marked/),
        expect.stringMatching(/^by_id: merchant_id may be NULL/),
        expect.stringMatching(/^by_id: primary key by_id_pkey does not start with merchant_id/),
        expect.stringMatching(/^by_id: unique index by_id_code does not start/),
        expect.stringMatching(/^by_id: unique index by_id_parent does not start/),
        expect.stringMatching(/^children: foreign key children_parent to by_id does not start with merchant_id/),
        expect.stringMatching(/^shared: reference table has foreign key shared_parent to tenant table parents/),
        expect.stringMatching(/^buckets: primary key buckets_pkey does not start with key/),
        expect.stringMatching(/^buckets: table distributed by key has foreign key buckets_parent to non-reference table parents/),
        expect.stringMatching(/^buckets: unique index buckets_pkey does not start with key/),
        expect.stringMatching(/^misnamed: not marked/),
      ]),
    );
    expect(problems.filter((p) => p.startsWith('good_buckets'))).toEqual([]);
    expect(problems.filter((p) => p.startsWith('parents'))).toEqual([]);
    await sql.unsafe('DROP SCHEMA broken CASCADE');
  });
});
