import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainContext } from '../domain/context.ts';
import { createMerchant } from '../domain/merchants.ts';
import { seedCardNumber } from '../domain/seed.ts';
import { DuplicateError } from '../errors.ts';
import type { TestApp } from '../routes/fixtures.ts';
import type { Store, Stores } from '../store/types.ts';
import { makeTestApp } from '../test-support.ts';
import { importRows, type ImportOptions } from './import-rows.ts';
import type { MigrationRow } from './rows.ts';

/**
 * Batched import (several rows per transaction): a run stopped mid-file, a batch the store
 * refuses, the ten-card limit and duplicates inside one batch, and the webhook-event choice.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
}, 60_000);
afterAll(() => t.cleanup());

const ctxOf = (merchantId: string, store: Store = t.deps.store): DomainContext => ({ store, keyring: t.deps.keyring, clock: t.clock, merchantId, actor: 'cli', clientAddress: null });
const newMerchant = (name: string) => createMerchant(t.deps, { name, origins: ['https://import.test'] });
/** Row n: card n of customer `cust-<n / perCustomer>`. */
const rowsOf = (count: number, perCustomer = 3): MigrationRow[] =>
  Array.from({ length: count }, (_, n) => ({ customer_id: `cust-${Math.floor(n / perCustomer)}`, card_number: seedCardNumber(n), exp_month: '12', exp_year: '2031', last_name: `Row ${n + 1}` }));

/** The merchant's stored cards: how many times each last name (the row) is there, and defaults per customer. */
async function stored(merchantId: string) {
  const rows = new Map<string, number>();
  const defaults: number[] = [];
  for (const id of await t.deps.store.customers.listIds(merchantId)) {
    const profiles = await t.deps.store.paymentProfiles.listForCustomer(merchantId, id);
    for (const p of profiles) rows.set(p.billTo.lastName!, (rows.get(p.billTo.lastName!) ?? 0) + 1);
    defaults.push(profiles.filter((p) => p.isDefault).length);
  }
  return { rows, defaults };
}

/** The store, with its transactions' stores changed by `wrap`. */
const wrapped = (wrap: (tx: Stores, n: number) => Stores): Store => {
  let n = 0;
  const store = t.deps.store;
  return { ...store, kind: store.kind, transaction: (fn) => store.transaction((tx) => fn(wrap(tx, ++n))), close: () => store.close() };
};

const events = async (merchantId: string) => (await t.deps.store.webhooks.listEvents(merchantId, { limit: 1000 })).rows.map((e) => e.type);

describe('import in batches', () => {
  it('a run stopped in the middle of a batch, run again, creates every card exactly once', { timeout: 60_000 }, async () => {
    const merchant = await newMerchant('Stopped');
    const rows = rowsOf(23);
    const options: ImportOptions = { batchSize: 5 };
    // The process dies while the third batch is written: its transaction never commits.
    const dying = wrapped((tx, n) => (n === 3 ? { ...tx, paymentProfiles: { ...tx.paymentProfiles, insertMany: async () => { throw new Error('killed'); } } } : tx));
    const progress: number[] = [];
    await expect(importRows(ctxOf(merchant.id, dying), rows, { ...options, onProgress: (done) => progress.push(done) })).rejects.toThrow('killed');
    expect(progress).toEqual([5, 10]);
    expect((await stored(merchant.id)).rows.size).toBe(10);

    const again = await importRows(ctxOf(merchant.id), rows, options);
    expect(again).toEqual({ rows: 23, customersCreated: 8 - 4, paymentProfilesCreated: 13, alreadyPresent: 10, errors: [] });
    const { rows: byRow, defaults } = await stored(merchant.id);
    expect([...byRow.keys()].sort()).toEqual(rows.map((r) => r.last_name).sort());
    expect([...byRow.values()].every((n) => n === 1)).toBe(true);
    // One default card per customer, even for the customer whose cards straddle two batches.
    expect(defaults).toEqual(Array(8).fill(1));
    expect(await importRows(ctxOf(merchant.id), rows)).toMatchObject({ customersCreated: 0, paymentProfilesCreated: 0, alreadyPresent: 23, errors: [] });
  });

  it('a batch the store refuses is written row by row: the good rows stay, the refused one is reported by number', { timeout: 60_000 }, async () => {
    const merchant = await newMerchant('Refused');
    const rows = rowsOf(12, 4);
    const bad = rows[6]!.card_number!.slice(-4);
    // Any write that holds row 7's card is refused with a typed error (as a unique index would).
    const refusing = wrapped((tx) => ({
      ...tx,
      paymentProfiles: {
        ...tx.paymentProfiles,
        insertMany: async (profiles) => {
          if (profiles.some((p) => p.last4 === bad)) throw new DuplicateError('conflict', 'refused');
          return tx.paymentProfiles.insertMany(profiles);
        },
      },
    }));
    const report = await importRows(ctxOf(merchant.id, refusing), rows, { batchSize: 5 });
    expect(report).toEqual({ rows: 12, customersCreated: 3, paymentProfilesCreated: 11, alreadyPresent: 0, errors: [{ row: 7, code: 'conflict' }] });
    const { rows: byRow } = await stored(merchant.id);
    expect(byRow.size).toBe(11);
    expect(byRow.has('Row 7')).toBe(false);
    // The refused row is imported by a later run; nothing else is created again.
    expect(await importRows(ctxOf(merchant.id), rows, { batchSize: 5 })).toEqual({ rows: 12, customersCreated: 0, paymentProfilesCreated: 1, alreadyPresent: 11, errors: [] });
  });

  it('keeps the ten-card limit and skips a card repeated in the same batch', async () => {
    const merchant = await newMerchant('Limit');
    const rows = [...rowsOf(12, 12), rowsOf(1, 12)[0]!, ...rowsOf(2, 1).map((r) => ({ ...r, customer_id: 'other' }))];
    const report = await importRows(ctxOf(merchant.id), rows);
    expect(report).toEqual({
      rows: 15,
      customersCreated: 2,
      paymentProfilesCreated: 12,
      alreadyPresent: 1,
      errors: [{ row: 11, code: 'payment_profile_limit' }, { row: 12, code: 'payment_profile_limit' }],
    });
    // Across runs too: the customer is full.
    const more = await importRows(ctxOf(merchant.id), [{ customer_id: 'cust-0', card_number: seedCardNumber(99), exp_month: '1', exp_year: '2032' }]);
    expect(more.errors).toEqual([{ row: 1, code: 'payment_profile_limit' }]);
  });
});

describe('webhook events of an import', () => {
  it('each (the default): customer.created and payment_profile.created per record, as the API sends them', async () => {
    const merchant = await newMerchant('Events each');
    await importRows(ctxOf(merchant.id), rowsOf(5, 3), { batchSize: 2 });
    const types = await events(merchant.id);
    expect(types.filter((e) => e === 'customer.created')).toHaveLength(2);
    expect(types.filter((e) => e === 'payment_profile.created')).toHaveLength(5);
    expect(types).toHaveLength(7);
  });

  it('none: no event at all, and the audit entry says so', async () => {
    const merchant = await newMerchant('Events none');
    const report = await importRows(ctxOf(merchant.id), rowsOf(5, 3), { events: 'none', batchSize: 2 });
    expect(report.paymentProfilesCreated).toBe(5);
    expect(await events(merchant.id)).toEqual([]);
    const audit = await t.deps.store.audit.listForMerchant(merchant.id, 50);
    expect(audit.filter((e) => e.action === 'payment_profile.create')).toHaveLength(5);
    expect(audit.find((e) => e.action === 'vault.import')?.detail).toMatch(/cards created 5, .*events none$/);
  });
});
