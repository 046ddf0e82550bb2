import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CimError, DuplicateError, IdTakenError, NotFoundError } from '../errors.ts';
import type { CustomerRecord, MerchantRecord, PaymentProfileRecord, ShippingAddressRecord, Store } from './types.ts';

/**
 * The behaviour every Store backend promises, run against each implementation
 * (SQLite now, PostgreSQL later): single-query primitives, merchant scoping,
 * typed not-found/duplicate errors and atomic, independent transactions.
 */
export interface StoreFixture {
  store: Store;
  cleanup(): Promise<void>;
}

const AT = '2026-06-15T12:00:00.000Z';
let seq = 0;
const numericId = () => String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000) + (seq++ % 1000));

export function merchantRecord(over: Partial<MerchantRecord> = {}): MerchantRecord {
  const id = over.id ?? `mer_${randomBytes(6).toString('hex')}`;
  return {
    id,
    name: 'Shop',
    secretKeyHash: randomBytes(32).toString('hex'),
    apiLoginId: randomBytes(6).toString('hex'),
    transactionKeyHash: randomBytes(32).toString('hex'),
    allowedOrigins: ['https://shop.test'],
    forwardHosts: [],
    createdAt: AT,
    previousSecretKey: null,
    previousTransactionKey: null,
    ...over,
  };
}

export function customerRecord(merchantId: string, over: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: numericId(),
    merchantId,
    merchantCustomerId: `m-${randomBytes(4).toString('hex')}`,
    email: null,
    description: null,
    profileType: 'regular',
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function paymentProfileRecord(merchantId: string, customerId: string, over: Partial<PaymentProfileRecord> = {}): PaymentProfileRecord {
  return {
    id: numericId(),
    merchantId,
    customerId,
    type: 'card',
    brand: 'visa',
    last4: '1111',
    bin: '411111',
    numberCt: randomBytes(47),
    expiryCt: randomBytes(38),
    routingCt: null,
    routingLast4: null,
    accountType: null,
    nameOnAccount: null,
    bankName: null,
    fingerprint: randomBytes(32),
    expiryTag: randomBytes(32),
    keyVersion: 1,
    billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '10001' },
    customerType: null,
    isDefault: false,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function shippingAddressRecord(merchantId: string, customerId: string, over: Partial<ShippingAddressRecord> = {}): ShippingAddressRecord {
  return {
    id: numericId(),
    merchantId,
    customerId,
    firstName: 'Ada',
    lastName: 'Lovelace',
    address: '1 Main St',
    zip: '10001',
    isDefault: false,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const bytes = (u: Uint8Array | null) => (u ? Buffer.from(u).toString('hex') : null);

export function runStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`store contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: Store;
    let m1: MerchantRecord;
    let m2: MerchantRecord;

    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
      m1 = merchantRecord({ name: 'One' });
      m2 = merchantRecord({ name: 'Two' });
      await store.merchants.insert(m1);
      await store.merchants.insert(m2);
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    const newCustomer = async (merchantId = m1.id, over: Partial<CustomerRecord> = {}) => {
      const c = customerRecord(merchantId, over);
      await store.customers.insert(c);
      return c;
    };

    describe('merchants', () => {
      it('reads a merchant back by id, secret key hash and API login id', async () => {
        expect(await store.merchants.getById(m1.id)).toEqual(m1);
        expect(await store.merchants.getBySecretKeyHash(m1.secretKeyHash)).toEqual(m1);
        expect(await store.merchants.getByApiLoginId(m1.apiLoginId)).toEqual(m1);
        expect(await store.merchants.getById('mer_missing')).toBeNull();
        expect(await store.merchants.getBySecretKeyHash('0'.repeat(64))).toBeNull();
        expect(await store.merchants.getByApiLoginId('nobody')).toBeNull();
      });

      it('lists merchants and replaces allowed origins', async () => {
        expect((await store.merchants.list()).map((m) => m.id).sort()).toEqual([m1.id, m2.id].sort());
        await store.merchants.setAllowedOrigins(m1.id, ['https://a.test', 'https://b.test']);
        expect((await store.merchants.getById(m1.id))?.allowedOrigins).toEqual(['https://a.test', 'https://b.test']);
        expect((await store.merchants.getById(m2.id))?.allowedOrigins).toEqual(m2.allowedOrigins);
      });

      it('replaces forward hosts of one merchant only, and reports a missing merchant as not found', async () => {
        await store.merchants.setForwardHosts(m1.id, ['api.gateway.test', 'pay.test:8443']);
        expect((await store.merchants.getById(m1.id))?.forwardHosts).toEqual(['api.gateway.test', 'pay.test:8443']);
        expect((await store.merchants.getById(m2.id))?.forwardHosts).toEqual([]);
        await expect(store.merchants.setForwardHosts('mer_missing', ['a.test'])).rejects.toBeInstanceOf(NotFoundError);
      });

      it('replaces a credential, keeping the replaced one in the previous slot (or clearing it), per kind', async () => {
        const until = '2026-06-16T12:00:00.000Z';
        await store.merchants.replaceCredential(m1.id, 'secretKey', 'a'.repeat(64), { hash: m1.secretKeyHash, until });
        expect(await store.merchants.getBySecretKeyHash(m1.secretKeyHash)).toBeNull();
        expect((await store.merchants.getBySecretKeyHash('a'.repeat(64)))?.id).toBe(m1.id);
        const byPrevious = await store.merchants.getByPreviousSecretKeyHash(m1.secretKeyHash);
        expect(byPrevious).toMatchObject({ id: m1.id, previousSecretKey: { hash: m1.secretKeyHash, until }, previousTransactionKey: null, transactionKeyHash: m1.transactionKeyHash });
        await store.merchants.replaceCredential(m1.id, 'transactionKey', 'b'.repeat(64), { hash: m1.transactionKeyHash, until });
        expect((await store.merchants.getById(m1.id))?.previousTransactionKey).toEqual({ hash: m1.transactionKeyHash, until });
        await store.merchants.replaceCredential(m1.id, 'secretKey', 'c'.repeat(64), null);
        expect(await store.merchants.getByPreviousSecretKeyHash(m1.secretKeyHash)).toBeNull();
        expect((await store.merchants.getById(m1.id))?.previousSecretKey).toBeNull();
        expect(await store.merchants.getById(m2.id)).toEqual(m2);
        expect(await rejection(store.merchants.replaceCredential('mer_missing', 'secretKey', 'd'.repeat(64), null))).toBeInstanceOf(NotFoundError);
      });

      it('refuses a second merchant with the same id, secret key hash or API login id as a typed duplicate', async () => {
        for (const clash of [{ id: m1.id }, { secretKeyHash: m1.secretKeyHash }, { apiLoginId: m1.apiLoginId }]) {
          const error = await rejection(store.merchants.insert(merchantRecord(clash)));
          expect(error).toBeInstanceOf(DuplicateError);
        }
        expect(await store.merchants.list()).toHaveLength(2);
      });
    });

    describe('forward templates', () => {
      const template = (merchantId: string, id: string) => ({
        merchantId, id, name: 'charge', method: 'POST' as const, url: 'https://api.gateway.test/charge', bodyType: 'json' as const,
        templateCt: new Uint8Array(randomBytes(40)), keyVersion: 1, createdAt: AT,
      });
      it('round-trips, lists and deletes a template of its merchant only; a foreign id is not found', async () => {
        const t = template(m1.id, 'ft_1');
        await store.forwardTemplates.insert(t);
        await expect(store.forwardTemplates.insert(t)).rejects.toBeInstanceOf(DuplicateError);
        expect(await store.forwardTemplates.get(m1.id, 'ft_1')).toEqual(t);
        expect(await store.forwardTemplates.get(m2.id, 'ft_1')).toBeNull();
        expect(await store.forwardTemplates.list(m1.id)).toEqual([t]);
        expect(await store.forwardTemplates.list(m2.id)).toEqual([]);
        await expect(store.forwardTemplates.delete(m2.id, 'ft_1')).rejects.toBeInstanceOf(NotFoundError);
        await store.forwardTemplates.delete(m1.id, 'ft_1');
        expect(await store.forwardTemplates.get(m1.id, 'ft_1')).toBeNull();
      });
    });

    describe('import keys', () => {
      it('inserts one key per kind (a second insert of a kind does nothing) and re-wraps by compare-and-set', async () => {
        const key = { kind: 'pgp' as const, publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----', privateCt: new Uint8Array(randomBytes(64)), kekVersion: 1, createdAt: AT };
        expect(await store.importKeys.insertIfAbsent(key)).toBe(true);
        expect(await store.importKeys.insertIfAbsent({ ...key, publicKey: 'other' })).toBe(false);
        expect(await store.importKeys.list()).toEqual([key]);
        const rewrapped = new Uint8Array(randomBytes(64));
        expect(await store.importKeys.rewrap('pgp', 2, 3, rewrapped)).toBe(false);
        expect(await store.importKeys.rewrap('pgp', 1, 2, rewrapped)).toBe(true);
        expect(await store.importKeys.list()).toEqual([{ ...key, privateCt: rewrapped, kekVersion: 2 }]);
      });
    });

    describe('merchant keys', () => {
      it('stores wrapped keys per merchant and lists only that merchant’s', async () => {
        const wrapped = randomBytes(63);
        await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'data', version: 1, kekVersion: 1, activeFrom: AT, wrapped });
        await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'fingerprint', version: 1, kekVersion: 1, activeFrom: AT, wrapped: randomBytes(63) });
        await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'data', version: 2, kekVersion: 1, activeFrom: AT, wrapped: randomBytes(63) });
        const keys = await store.merchantKeys.listForMerchant(m1.id);
        expect(keys.map((k) => `${k.purpose}/${k.version}`).sort()).toEqual(['data/1', 'data/2', 'fingerprint/1']);
        expect(bytes(keys.find((k) => k.purpose === 'data' && k.version === 1)!.wrapped)).toBe(bytes(wrapped));
        expect(await store.merchantKeys.listForMerchant(m2.id)).toEqual([]);
      });

      it('refuses the same purpose and version twice', async () => {
        await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'data', version: 1, kekVersion: 1, activeFrom: AT, wrapped: randomBytes(63) });
        const error = await rejection(store.merchantKeys.insert({ merchantId: m1.id, purpose: 'data', version: 1, kekVersion: 1, activeFrom: AT, wrapped: randomBytes(63) }));
        expect(error).toBeInstanceOf(DuplicateError);
      });

      it('re-wraps under a new master key by compare-and-set, lists what is left and counts keys per master key', async () => {
        const key = { merchantId: m1.id, purpose: 'data' as const, version: 1 };
        await store.merchantKeys.insert({ ...key, kekVersion: 1, activeFrom: AT, wrapped: randomBytes(63) });
        await store.merchantKeys.insert({ merchantId: m2.id, purpose: 'fingerprint', version: 1, kekVersion: 1, activeFrom: AT, wrapped: randomBytes(63) });
        expect((await store.merchantKeys.listNotUnderKek(2, 10)).map((k) => k.merchantId).sort()).toEqual([m1.id, m2.id].sort());
        expect(await store.merchantKeys.listNotUnderKek(2, 1)).toHaveLength(1);
        const rewrapped = randomBytes(63);
        // Two rotations racing for one key: exactly one compare-and-set lands.
        const outcomes = await Promise.all([store.merchantKeys.rewrap(key, 1, 2, rewrapped), store.merchantKeys.rewrap(key, 1, 2, randomBytes(63))]);
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        expect(await store.merchantKeys.rewrap(key, 1, 2, randomBytes(63))).toBe(false);
        const [stored] = await store.merchantKeys.listForMerchant(m1.id);
        expect(stored?.kekVersion).toBe(2);
        expect(await store.merchantKeys.listNotUnderKek(2, 10)).toEqual([expect.objectContaining({ merchantId: m2.id, kekVersion: 1 })]);
        expect(await store.merchantKeys.countByKek()).toEqual([{ kekVersion: 1, count: 1 }, { kekVersion: 2, count: 1 }]);
      });
    });

    describe('signing keys', () => {
      it('re-wraps a private key only while it is still under the expected master key', async () => {
        const kid = `k-${randomBytes(4).toString('hex')}`;
        await store.signingKeys.insert({ kid, publicJwk: '{"kty":"EC"}', privateCt: randomBytes(80), kekVersion: 1, createdAt: AT, activeFrom: AT });
        const sealed = randomBytes(80);
        expect(await store.signingKeys.rewrap(kid, 1, 2, sealed)).toBe(true);
        expect(await store.signingKeys.rewrap(kid, 1, 2, randomBytes(80))).toBe(false);
        expect(await store.signingKeys.rewrap('k-missing', 1, 2, randomBytes(80))).toBe(false);
        const [stored] = (await store.signingKeys.list()).filter((k) => k.kid === kid);
        expect(stored).toMatchObject({ kid, kekVersion: 2, createdAt: AT, activeFrom: AT });
        expect(bytes(stored!.privateCt)).toBe(bytes(sealed));
      });
    });

    describe('customers', () => {
      it('inserts and gets a customer, scoped to its merchant', async () => {
        const c = await newCustomer(m1.id, { email: 'ada@example.com', description: 'Ada' });
        expect(await store.customers.get(m1.id, c.id)).toEqual(c);
        expect(await store.customers.get(m2.id, c.id)).toBeNull();
        expect(await store.customers.get(m1.id, '1')).toBeNull();
      });

      it('refuses an exact duplicate (all three identity fields equal, nulls included) with a typed error', async () => {
        await newCustomer(m1.id, { merchantCustomerId: 'dup', email: null, description: null });
        const error = await rejection(store.customers.insert(customerRecord(m1.id, { merchantCustomerId: 'dup', email: null, description: null })));
        expect(error).toBeInstanceOf(DuplicateError);
        expect((error as CimError).code).toBe('duplicate_customer');
        // Same identity under another merchant, or one field different, is fine.
        await newCustomer(m2.id, { merchantCustomerId: 'dup', email: null, description: null });
        await newCustomer(m1.id, { merchantCustomerId: 'dup', email: 'x@example.com', description: null });
      });

      it('reports a clash of the random id as IdTakenError (the domain draws again), not as a duplicate customer', async () => {
        const c = await newCustomer(m1.id, { merchantCustomerId: 'first' });
        const clash = await rejection(store.customers.insert(customerRecord(m1.id, { id: c.id, merchantCustomerId: 'second' })));
        expect(clash).toBeInstanceOf(IdTakenError);
        const inBatch = await rejection(store.transaction((tx) => tx.customers.insertMany([customerRecord(m1.id), customerRecord(m1.id, { id: c.id })])));
        expect(inBatch).toBeInstanceOf(IdTakenError);
        expect(await store.customers.findBy(m1.id, { merchantCustomerId: 'second' })).toEqual([]);
      });

      it('finds by merchantCustomerId, email (case-insensitive) or both, and by exact identity', async () => {
        const a = await newCustomer(m1.id, { merchantCustomerId: 'same', email: 'a@example.com' });
        const b = await newCustomer(m1.id, { merchantCustomerId: 'same', email: 'b@example.com' });
        await newCustomer(m2.id, { merchantCustomerId: 'same', email: 'a@example.com' });
        expect((await store.customers.findBy(m1.id, { merchantCustomerId: 'same' })).map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
        expect((await store.customers.findBy(m1.id, { email: 'A@Example.com' })).map((c) => c.id)).toEqual([a.id]);
        expect((await store.customers.findBy(m1.id, { merchantCustomerId: 'same', email: 'b@example.com' })).map((c) => c.id)).toEqual([b.id]);
        expect(await store.customers.findBy(m1.id, {})).toEqual([]);
        expect((await store.customers.findExact(m1.id, { merchantCustomerId: 'same', email: 'b@example.com', description: null }))?.id).toBe(b.id);
        expect(await store.customers.findExact(m1.id, { merchantCustomerId: 'same', email: 'b@example.com', description: 'other' })).toBeNull();
      });

      it('finds the customers of many merchantCustomerIds in one call, within the merchant, oldest first', async () => {
        const a = await newCustomer(m1.id, { merchantCustomerId: 'many, "quoted"', createdAt: '2026-01-01T00:00:00.000Z' });
        const b = await newCustomer(m1.id, { merchantCustomerId: 'many, "quoted"', email: 'b@example.com', createdAt: '2026-01-02T00:00:00.000Z' });
        const c = await newCustomer(m1.id, { merchantCustomerId: 'other' });
        await newCustomer(m1.id, { merchantCustomerId: 'not asked' });
        await newCustomer(m2.id, { merchantCustomerId: 'other' });
        expect((await store.customers.findByMerchantCustomerIds(m1.id, ['other', 'many, "quoted"', 'missing'])).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
        expect(await store.customers.findByMerchantCustomerIds(m1.id, [])).toEqual([]);
        expect(await store.customers.findByMerchantCustomerIds(m2.id, ['many, "quoted"'])).toEqual([]);
      });

      it('pages with a cursor through every customer exactly once, oldest first', async () => {
        const made: string[] = [];
        for (let i = 0; i < 7; i++) made.push((await newCustomer(m1.id, { createdAt: `2026-06-15T12:00:0${i}.000Z` })).id);
        await newCustomer(m2.id);
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 10; guard++) {
          const page = await store.customers.list(m1.id, { cursor, limit: 3 });
          expect(page.rows.length).toBeLessThanOrEqual(3);
          seen.push(...page.rows.map((r) => r.id));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(seen).toEqual(made);
        expect(await store.customers.listIds(m1.id)).toEqual(made);
      });

      it('updates fields, refuses an update into a duplicate, and reports a missing or foreign id as not found', async () => {
        const a = await newCustomer(m1.id, { merchantCustomerId: 'a' });
        await newCustomer(m1.id, { merchantCustomerId: 'b' });
        const updated = await store.customers.update(m1.id, a.id, { email: 'new@example.com', updatedAt: '2026-06-16T00:00:00.000Z' });
        expect(updated).toMatchObject({ id: a.id, merchantCustomerId: 'a', email: 'new@example.com', updatedAt: '2026-06-16T00:00:00.000Z' });
        const dup = await rejection(store.customers.update(m1.id, a.id, { merchantCustomerId: 'b', email: null }));
        expect(dup).toBeInstanceOf(DuplicateError);
        expect(await rejection(store.customers.update(m2.id, a.id, { email: 'x@example.com' }))).toBeInstanceOf(NotFoundError);
        expect(await rejection(store.customers.update(m1.id, '1', { email: 'x@example.com' }))).toBeInstanceOf(NotFoundError);
        expect((await store.customers.get(m1.id, a.id))?.email).toBe('new@example.com');
      });

      it('deletes a customer with its payment profiles and addresses; another merchant cannot', async () => {
        const c = await newCustomer();
        const p = paymentProfileRecord(m1.id, c.id);
        const s = shippingAddressRecord(m1.id, c.id);
        await store.paymentProfiles.insert(p);
        await store.shippingAddresses.insert(s);
        expect(await rejection(store.customers.delete(m2.id, c.id))).toBeInstanceOf(NotFoundError);
        await store.customers.delete(m1.id, c.id);
        expect(await store.customers.get(m1.id, c.id)).toBeNull();
        expect(await store.paymentProfiles.getById(m1.id, p.id)).toBeNull();
        expect(await store.shippingAddresses.get(m1.id, c.id, s.id)).toBeNull();
        expect(await rejection(store.customers.delete(m1.id, c.id))).toBeInstanceOf(NotFoundError);
      });
    });

    describe('payment profiles', () => {
      it('round-trips every field, ciphertext bytes included', async () => {
        const c = await newCustomer();
        const card = paymentProfileRecord(m1.id, c.id, { customerType: 'business', isDefault: true, billTo: { firstName: 'Ada', company: 'AE', country: 'US' } });
        const bank = paymentProfileRecord(m1.id, c.id, {
          type: 'bankAccount', brand: null, bin: null, last4: '6789', expiryCt: null, expiryTag: null, routingCt: randomBytes(40),
          routingLast4: '0021', accountType: 'savings', nameOnAccount: 'Ada L', bankName: 'First Bank',
        });
        await store.paymentProfiles.insert(card);
        await store.paymentProfiles.insert(bank);
        const norm = (p: PaymentProfileRecord | null) =>
          p && { ...p, numberCt: bytes(p.numberCt), expiryCt: bytes(p.expiryCt), routingCt: bytes(p.routingCt), fingerprint: bytes(p.fingerprint), expiryTag: bytes(p.expiryTag) };
        expect(norm(await store.paymentProfiles.get(m1.id, c.id, card.id))).toEqual(norm(card));
        expect(norm(await store.paymentProfiles.getById(m1.id, bank.id))).toEqual(norm(bank));
        expect((await store.paymentProfiles.listForCustomer(m1.id, c.id)).map((p) => p.id).sort()).toEqual([card.id, bank.id].sort());
        expect(await store.paymentProfiles.countForCustomer(m1.id, c.id)).toBe(2);
      });

      it('keeps the provisional mark, clears it by update, and deletes expired provisional cards only', async () => {
        const c = await newCustomer();
        const mark = { provisionalSessionId: 'cs_test', provisionalUntil: '2026-06-15T12:30:00.000Z' };
        const due = paymentProfileRecord(m1.id, c.id, mark);
        const later = paymentProfileRecord(m2.id, (await newCustomer(m2.id)).id, { ...mark, provisionalUntil: '2026-06-15T13:00:00.000Z' });
        const kept = paymentProfileRecord(m1.id, c.id, { ...mark, isDefault: true });
        const normal = paymentProfileRecord(m1.id, c.id);
        for (const p of [due, later, kept, normal]) await store.paymentProfiles.insert(p);
        expect(await store.paymentProfiles.getById(m1.id, due.id)).toMatchObject(mark);
        expect(await store.paymentProfiles.getById(m1.id, normal.id)).not.toHaveProperty('provisionalUntil');
        const cleared = await store.paymentProfiles.update(m1.id, c.id, kept.id, { provisionalSessionId: null, provisionalUntil: null });
        expect(cleared.provisionalUntil ?? null).toBeNull();
        expect(await store.paymentProfiles.deleteExpiredProvisional('2026-06-15T12:45:00.000Z')).toEqual([{ merchantId: m1.id, customerId: c.id, id: due.id }]);
        expect(await store.paymentProfiles.getById(m1.id, due.id)).toBeNull();
        for (const [m, p] of [[m2.id, later], [m1.id, kept], [m1.id, normal]] as const) expect(await store.paymentProfiles.getById(m, p.id)).not.toBeNull();
      });

      it('answers another merchant, or the wrong customer, as if the profile did not exist', async () => {
        const c = await newCustomer();
        const other = await newCustomer();
        const p = paymentProfileRecord(m1.id, c.id);
        await store.paymentProfiles.insert(p);
        expect(await store.paymentProfiles.get(m2.id, c.id, p.id)).toBeNull();
        expect(await store.paymentProfiles.get(m1.id, other.id, p.id)).toBeNull();
        expect(await store.paymentProfiles.getById(m2.id, p.id)).toBeNull();
        expect(await store.paymentProfiles.listForCustomer(m2.id, c.id)).toEqual([]);
        expect(await store.paymentProfiles.countForCustomer(m2.id, c.id)).toBe(0);
        expect(await store.paymentProfiles.findByFingerprint(m2.id, c.id, p.fingerprint)).toEqual([]);
        expect(await rejection(store.paymentProfiles.update(m2.id, c.id, p.id, { last4: '0000' }))).toBeInstanceOf(NotFoundError);
        expect(await rejection(store.paymentProfiles.delete(m2.id, c.id, p.id))).toBeInstanceOf(NotFoundError);
        expect(await rejection(store.paymentProfiles.delete(m1.id, other.id, p.id))).toBeInstanceOf(NotFoundError);
        expect((await store.paymentProfiles.getById(m1.id, p.id))?.last4).toBe('1111');
      });

      it('finds by keyed fingerprint within one customer', async () => {
        const c = await newCustomer();
        const c2 = await newCustomer();
        const fingerprint = randomBytes(32);
        const a = paymentProfileRecord(m1.id, c.id, { fingerprint });
        await store.paymentProfiles.insert(a);
        await store.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id));
        await store.paymentProfiles.insert(paymentProfileRecord(m1.id, c2.id, { fingerprint }));
        expect((await store.paymentProfiles.findByFingerprint(m1.id, c.id, fingerprint)).map((p) => p.id)).toEqual([a.id]);
      });

      it('pages cards by expiry tag across the merchant’s customers', async () => {
        const tag = randomBytes(32);
        const made: string[] = [];
        for (let i = 0; i < 5; i++) {
          const c = await newCustomer();
          const p = paymentProfileRecord(m1.id, c.id, { expiryTag: tag, createdAt: `2026-06-15T12:00:0${i}.000Z` });
          await store.paymentProfiles.insert(p);
          made.push(p.id);
        }
        const c = await newCustomer();
        await store.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id));
        const foreign = await newCustomer(m2.id);
        await store.paymentProfiles.insert(paymentProfileRecord(m2.id, foreign.id, { expiryTag: tag }));
        const first = await store.paymentProfiles.listByExpiryTag(m1.id, tag, { limit: 2 });
        expect(first.nextCursor).not.toBeNull();
        const seen = [...first.rows.map((r) => r.id)];
        let cursor = first.nextCursor ?? undefined;
        while (cursor) {
          const page = await store.paymentProfiles.listByExpiryTag(m1.id, tag, { cursor, limit: 2 });
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor ?? undefined;
        }
        expect(seen).toEqual(made);
      });

      it('updates fields and returns the updated record', async () => {
        const c = await newCustomer();
        const p = paymentProfileRecord(m1.id, c.id);
        await store.paymentProfiles.insert(p);
        const expiryCt = randomBytes(38);
        const updated = await store.paymentProfiles.update(m1.id, c.id, p.id, { expiryCt, billTo: { firstName: 'Grace' }, updatedAt: '2026-07-01T00:00:00.000Z' });
        expect(bytes(updated.expiryCt)).toBe(bytes(expiryCt));
        expect(updated.billTo).toEqual({ firstName: 'Grace' });
        expect(updated.updatedAt).toBe('2026-07-01T00:00:00.000Z');
        expect(updated.last4).toBe(p.last4);
        expect(await rejection(store.paymentProfiles.update(m1.id, c.id, '1', { last4: '0000' }))).toBeInstanceOf(NotFoundError);
      });

      it('keeps at most one default per customer: a second default is refused, clearDefault frees the slot', async () => {
        const c = await newCustomer();
        const a = paymentProfileRecord(m1.id, c.id, { isDefault: true });
        await store.paymentProfiles.insert(a);
        expect(await rejection(store.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id, { isDefault: true })))).toBeInstanceOf(CimError);
        const b = paymentProfileRecord(m1.id, c.id);
        await store.paymentProfiles.insert(b);
        expect(await rejection(store.paymentProfiles.update(m1.id, c.id, b.id, { isDefault: true }))).toBeInstanceOf(CimError);
        await store.paymentProfiles.clearDefault(m1.id, c.id);
        await store.paymentProfiles.update(m1.id, c.id, b.id, { isDefault: true });
        const defaults = (await store.paymentProfiles.listForCustomer(m1.id, c.id)).filter((p) => p.isDefault).map((p) => p.id);
        expect(defaults).toEqual([b.id]);
      });

      it('reports a clash of the random id as IdTakenError (the domain draws again), not as the one-default rule', async () => {
        const c = await newCustomer();
        const a = paymentProfileRecord(m1.id, c.id);
        await store.paymentProfiles.insert(a);
        const clash = await rejection(store.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id, { id: a.id, isDefault: true })));
        expect(clash).toBeInstanceOf(IdTakenError);
        await store.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id, { isDefault: true }));
        const second = await rejection(store.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id, { isDefault: true })));
        expect(second).toBeInstanceOf(DuplicateError);
        expect(second).not.toBeInstanceOf(IdTakenError);
        expect(await store.paymentProfiles.countForCustomer(m1.id, c.id)).toBe(2);
      });

      it('inserts many customers and profiles in one call (the seed\'s batches), every field intact, with insert\'s errors', async () => {
        const customers = Array.from({ length: 3 }, (_, i) => customerRecord(m1.id, { merchantCustomerId: `many-${i}` }));
        await store.customers.insertMany(customers);
        const profiles = customers.flatMap((c) => [paymentProfileRecord(m1.id, c.id, { isDefault: true }), paymentProfileRecord(m1.id, c.id, { type: 'bankAccount', expiryCt: null, expiryTag: null })]);
        await store.paymentProfiles.insertMany(profiles);
        const norm = (p: PaymentProfileRecord | null) =>
          p && { ...p, numberCt: bytes(p.numberCt), expiryCt: bytes(p.expiryCt), routingCt: bytes(p.routingCt), fingerprint: bytes(p.fingerprint), expiryTag: bytes(p.expiryTag) };
        for (const c of customers) expect(await store.customers.get(m1.id, c.id)).toEqual(c);
        for (const p of profiles) expect(norm(await store.paymentProfiles.getById(m1.id, p.id))).toEqual(norm(p));
        await store.customers.insertMany([]);
        await store.paymentProfiles.insertMany([]);
        // Inside a transaction, a clash anywhere in the batch fails it with insert's typed errors, and the transaction keeps none of it.
        const c = customers[0]!;
        const fresh = paymentProfileRecord(m1.id, c.id);
        const idClash = await rejection(store.transaction((tx) => tx.paymentProfiles.insertMany([fresh, paymentProfileRecord(m1.id, c.id, { id: profiles[0]!.id })])));
        expect(idClash).toBeInstanceOf(IdTakenError);
        const duplicate = await rejection(store.transaction((tx) => tx.customers.insertMany([customerRecord(m1.id), customerRecord(m1.id, { merchantCustomerId: c.merchantCustomerId, email: c.email, description: c.description })])));
        expect((duplicate as CimError).code).toBe('duplicate_customer');
        expect(await store.paymentProfiles.getById(m1.id, fresh.id)).toBeNull();
        expect(await store.paymentProfiles.countForCustomer(m1.id, c.id)).toBe(2);
      });

      it('lists the payment profiles of many customers in one call, within the merchant', async () => {
        const [a, b, c] = [await newCustomer(), await newCustomer(), await newCustomer()];
        const other = await newCustomer(m2.id);
        const pa = [paymentProfileRecord(m1.id, a.id, { createdAt: '2026-01-02T00:00:00.000Z' }), paymentProfileRecord(m1.id, a.id, { createdAt: '2026-01-01T00:00:00.000Z' })];
        const pb = paymentProfileRecord(m1.id, b.id);
        await store.paymentProfiles.insertMany([...pa, pb, paymentProfileRecord(m1.id, c.id)]);
        await store.paymentProfiles.insert(paymentProfileRecord(m2.id, other.id));
        const listed = await store.paymentProfiles.listForCustomers(m1.id, [b.id, a.id, other.id]);
        expect(listed.filter((p) => p.customerId === a.id).map((p) => p.id)).toEqual([pa[1]!.id, pa[0]!.id]);
        expect(listed.map((p) => p.id).sort()).toEqual([pa[0]!.id, pa[1]!.id, pb.id].sort());
        expect(bytes(listed.find((p) => p.id === pb.id)!.fingerprint)).toBe(bytes(pb.fingerprint));
        expect(await store.paymentProfiles.listForCustomers(m1.id, [])).toEqual([]);
        expect(await store.paymentProfiles.listForCustomers(m2.id, [a.id])).toEqual([]);
      });

      it('deletes one profile', async () => {
        const c = await newCustomer();
        const p = paymentProfileRecord(m1.id, c.id);
        await store.paymentProfiles.insert(p);
        await store.paymentProfiles.delete(m1.id, c.id, p.id);
        expect(await store.paymentProfiles.getById(m1.id, p.id)).toBeNull();
        expect(await rejection(store.paymentProfiles.delete(m1.id, c.id, p.id))).toBeInstanceOf(NotFoundError);
      });
    });

    describe('shipping addresses', () => {
      it('round-trips, lists, counts and scopes to the merchant and customer', async () => {
        const c = await newCustomer();
        const other = await newCustomer();
        const s = shippingAddressRecord(m1.id, c.id, { company: 'AE', city: 'London', state: 'LDN', country: 'GB', phoneNumber: '+44 1', isDefault: true });
        await store.shippingAddresses.insert(s);
        expect(await store.shippingAddresses.get(m1.id, c.id, s.id)).toEqual(s);
        expect(await store.shippingAddresses.get(m2.id, c.id, s.id)).toBeNull();
        expect(await store.shippingAddresses.get(m1.id, other.id, s.id)).toBeNull();
        expect(await store.shippingAddresses.listForCustomer(m1.id, c.id)).toEqual([s]);
        expect(await store.shippingAddresses.listForCustomer(m2.id, c.id)).toEqual([]);
        expect(await store.shippingAddresses.countForCustomer(m1.id, c.id)).toBe(1);
        expect(await store.shippingAddresses.countForCustomer(m2.id, c.id)).toBe(0);
      });

      it('updates, keeps one default, and reports missing or foreign ids as not found', async () => {
        const c = await newCustomer();
        const a = shippingAddressRecord(m1.id, c.id, { isDefault: true });
        const b = shippingAddressRecord(m1.id, c.id, { zip: '20002' });
        await store.shippingAddresses.insert(a);
        await store.shippingAddresses.insert(b);
        expect((await store.shippingAddresses.update(m1.id, c.id, b.id, { city: 'Paris' })).city).toBe('Paris');
        expect(await rejection(store.shippingAddresses.update(m1.id, c.id, b.id, { isDefault: true }))).toBeInstanceOf(CimError);
        expect(await rejection(store.shippingAddresses.insert(shippingAddressRecord(m1.id, c.id, { isDefault: true })))).toBeInstanceOf(CimError);
        await store.shippingAddresses.clearDefault(m1.id, c.id);
        await store.shippingAddresses.update(m1.id, c.id, b.id, { isDefault: true });
        expect((await store.shippingAddresses.listForCustomer(m1.id, c.id)).filter((x) => x.isDefault).map((x) => x.id)).toEqual([b.id]);
        expect(await rejection(store.shippingAddresses.update(m2.id, c.id, a.id, { city: 'X' }))).toBeInstanceOf(NotFoundError);
        expect(await rejection(store.shippingAddresses.delete(m2.id, c.id, a.id))).toBeInstanceOf(NotFoundError);
        await store.shippingAddresses.delete(m1.id, c.id, a.id);
        expect(await store.shippingAddresses.get(m1.id, c.id, a.id)).toBeNull();
        expect(await rejection(store.shippingAddresses.delete(m1.id, c.id, a.id))).toBeInstanceOf(NotFoundError);
      });
    });

    describe('audit', () => {
      it('appends entries and lists a merchant’s newest first, never another merchant’s', async () => {
        const entry = (merchantId: string | null, action: string) => ({
          merchantId, actor: 'api', action, recordType: 'payment_profile', recordId: '1234567890', outcome: 'success' as const,
          clientAddress: '127.0.0.1', detail: null, at: AT,
        });
        await store.audit.insert(entry(m1.id, 'payment_profile.create'));
        await store.audit.insert(entry(m1.id, 'payment_profile.read'));
        await store.audit.insert(entry(m2.id, 'payment_profile.delete'));
        await store.audit.insert({ ...entry(null, 'auth.failure'), outcome: 'failure', recordType: null, recordId: null });
        const mine = await store.audit.listForMerchant(m1.id, 10);
        expect(mine.map((e) => e.action)).toEqual(['payment_profile.read', 'payment_profile.create']);
        expect(mine[0]).toEqual(entry(m1.id, 'payment_profile.read'));
        expect(await store.audit.listForMerchant(m1.id, 1)).toHaveLength(1);
      });

      it('counts repeated events of one window in one row, and starts a new row for a new window', async () => {
        const failure = (at: string, detail: string) => ({
          merchantId: null, actor: 'api', action: 'auth.failure', recordType: null, recordId: null, outcome: 'failure' as const,
          clientAddress: '203.0.113.9', detail, at,
        });
        const window = `w-${randomBytes(4).toString('hex')}`;
        await Promise.all(Array.from({ length: 25 }, (_, i) => store.audit.recordRepeated(failure(AT, `GET /v1/:param ${i}`), window)));
        await store.audit.recordRepeated(failure('2026-06-15T12:20:00.000Z', 'GET /v1/customers'), `${window}-next`);
        const rows = (await store.audit.listUnattributed(10)).filter((r) => r.clientAddress === '203.0.113.9');
        expect(rows.map((r) => r.count)).toEqual([1, 25]);
        expect(rows[1]).toMatchObject({ at: AT, lastAt: AT, action: 'auth.failure' });
        expect(rows[0]).toMatchObject({ at: '2026-06-15T12:20:00.000Z', lastAt: null });
        expect(await store.audit.listForMerchant(m1.id, 10)).toEqual([]);
      });
    });

    describe('rate limits', () => {
      const policy = { capacity: 3, refillPerSecond: 0.5 };
      const T0 = Date.parse(AT);

      it('allows a burst, refuses when empty with the tokens left, and refills with time', async () => {
        const key = `k-${randomBytes(4).toString('hex')}`;
        const taken = [];
        for (let i = 0; i < 4; i++) taken.push(await store.rateLimits.take(key, policy, T0));
        expect(taken.map((t) => t.allowed)).toEqual([true, true, true, false]);
        expect(taken[3]!.tokens).toBeCloseTo(0);
        expect((await store.rateLimits.take(key, policy, T0 + 1000)).allowed).toBe(false);
        expect((await store.rateLimits.take(key, policy, T0 + 2000)).allowed).toBe(true);
        expect((await store.rateLimits.take(`${key}-other`, policy, T0)).allowed).toBe(true);
      });

      it('takes each token once under concurrency', async () => {
        const key = `k-${randomBytes(4).toString('hex')}`;
        const results = await Promise.all(Array.from({ length: 20 }, () => store.rateLimits.take(key, { capacity: 5, refillPerSecond: 0.001 }, T0)));
        expect(results.filter((r) => r.allowed)).toHaveLength(5);
      });

      it('never drains a bucket when the clock steps backwards, and forgets idle buckets', async () => {
        const key = `k-${randomBytes(4).toString('hex')}`;
        await store.rateLimits.take(key, policy, T0 + 10_000);
        expect((await store.rateLimits.take(key, policy, T0)).allowed).toBe(true);
        expect((await store.rateLimits.take(key, policy, T0)).allowed).toBe(true);
        expect((await store.rateLimits.take(key, policy, T0)).allowed).toBe(false);
        expect(await store.rateLimits.deleteIdle(T0 + 20_000)).toBeGreaterThanOrEqual(1);
        expect((await store.rateLimits.take(key, policy, T0)).allowed).toBe(true);
      });
    });

    describe('transactions', () => {
      it('commits every write of a transaction together and returns its value', async () => {
        const c = customerRecord(m1.id);
        const p = paymentProfileRecord(m1.id, c.id, { isDefault: true });
        const value = await store.transaction(async (tx) => {
          await tx.customers.insert(c);
          await tx.paymentProfiles.insert(p);
          return (await tx.paymentProfiles.countForCustomer(m1.id, c.id)) * 10;
        });
        expect(value).toBe(10);
        expect(await store.customers.get(m1.id, c.id)).not.toBeNull();
        expect(await store.paymentProfiles.getById(m1.id, p.id)).not.toBeNull();
      });

      it('rolls back every write of a transaction that throws, and passes the error through', async () => {
        const c = customerRecord(m1.id);
        const boom = new Error('boom');
        const error = await rejection(
          store.transaction(async (tx) => {
            await tx.customers.insert(c);
            await tx.audit.insert({ merchantId: m1.id, actor: 'api', action: 'x', recordType: null, recordId: null, outcome: 'success', clientAddress: null, detail: null, at: AT });
            throw boom;
          }),
        );
        expect(error).toBe(boom);
        expect(await store.customers.get(m1.id, c.id)).toBeNull();
        expect(await store.audit.listForMerchant(m1.id, 10)).toEqual([]);
      });

      it('rolls back a transaction whose later primitive fails with a typed error', async () => {
        const existing = await newCustomer(m1.id, { merchantCustomerId: 'taken', email: null, description: null });
        const fresh = customerRecord(m1.id);
        const error = await rejection(
          store.transaction(async (tx) => {
            await tx.customers.insert(fresh);
            await tx.customers.insert(customerRecord(m1.id, { merchantCustomerId: existing.merchantCustomerId }));
          }),
        );
        expect(error).toBeInstanceOf(DuplicateError);
        expect(await store.customers.get(m1.id, fresh.id)).toBeNull();
      });

      it('one failing transaction among many concurrent ones rolls back only itself', async () => {
        const customers = Array.from({ length: 12 }, () => customerRecord(m1.id));
        const failing = customerRecord(m1.id);
        const results = await Promise.allSettled([
          ...customers.slice(0, 6).map((c) => store.transaction(async (tx) => tx.customers.insert(c))),
          store.transaction(async (tx) => {
            await tx.customers.insert(failing);
            throw new Error('this one fails');
          }),
          ...customers.slice(6).map((c) => store.customers.insert(c)),
        ]);
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
        for (const c of customers) expect(await store.customers.get(m1.id, c.id)).not.toBeNull();
        expect(await store.customers.get(m1.id, failing.id)).toBeNull();
      });

      it('serialises concurrent read-check-write transactions: a limit checked inside holds', async () => {
        const c = await newCustomer();
        const attempts = Array.from({ length: 20 }, () =>
          store.transaction(async (tx) => {
            if ((await tx.paymentProfiles.countForCustomer(m1.id, c.id)) >= 5) throw new Error('full');
            await tx.paymentProfiles.insert(paymentProfileRecord(m1.id, c.id));
          }),
        );
        const results = await Promise.allSettled(attempts);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
        expect(await store.paymentProfiles.countForCustomer(m1.id, c.id)).toBe(5);
      });

      it('sees its own uncommitted writes inside the transaction', async () => {
        const c = customerRecord(m1.id);
        const seen = await store.transaction(async (tx) => {
          await tx.customers.insert(c);
          return tx.customers.get(m1.id, c.id);
        });
        expect(seen?.id).toBe(c.id);
      });
    });
  });
}
