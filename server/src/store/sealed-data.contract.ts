import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headerOf } from '../vault/aead.ts';
import { customerRecord, paymentProfileRecord, type StoreFixture } from './contract.ts';
import { answerText } from './sealed-tables.ts';
import { idempotencyRecord, transactionRecord, withTwoMerchants } from './transactions.contract.ts';

const AT = '2026-06-15T12:00:00.000Z';
/** A stand-in ciphertext: the real header (format, key version), random bytes after it. */
const blob = (version: number) => new Uint8Array(Buffer.concat([headerOf(version), randomBytes(40)]));
const hex = (u: Uint8Array | null | undefined) => (u ? Buffer.from(u).toString('hex') : null);

/** What every backend's data-key rotation primitives promise: merchant keys' lifecycle and the sealed rows of three tables. */
export function runSealedDataContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`sealed data contract: ${name}`, () => {
    const fx = withTwoMerchants(makeStore);

    it('keeps a data key’s activation time, deletes a retired version and lists merchants with more than one', async () => {
      const { store, m1, m2 } = fx;
      const later = '2026-06-15T12:00:35.000Z';
      await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'data', version: 1, kekVersion: 1, wrapped: randomBytes(63), activeFrom: '1970-01-01T00:00:00.000Z' });
      await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'fingerprint', version: 1, kekVersion: 1, wrapped: randomBytes(63), activeFrom: '1970-01-01T00:00:00.000Z' });
      await store.merchantKeys.insert({ merchantId: m2.id, purpose: 'data', version: 1, kekVersion: 1, wrapped: randomBytes(63), activeFrom: '1970-01-01T00:00:00.000Z' });
      expect(await store.merchantKeys.listMerchantsRotatingData()).toEqual([]);
      await store.merchantKeys.insert({ merchantId: m1.id, purpose: 'data', version: 2, kekVersion: 1, wrapped: randomBytes(63), activeFrom: later });
      expect(await store.merchantKeys.listMerchantsRotatingData()).toEqual([m1.id]);
      expect((await store.merchantKeys.listForMerchant(m1.id)).find((k) => k.purpose === 'data' && k.version === 2)?.activeFrom).toBe(later);

      expect(await store.merchantKeys.delete({ merchantId: m1.id, purpose: 'data', version: 1 })).toBe(true);
      expect(await store.merchantKeys.delete({ merchantId: m1.id, purpose: 'data', version: 1 })).toBe(false);
      expect((await store.merchantKeys.listForMerchant(m1.id)).map((k) => `${k.purpose}/${k.version}`).sort()).toEqual(['data/2', 'fingerprint/1']);
      expect(await store.merchantKeys.listMerchantsRotatingData()).toEqual([]);
    });

    it('lists and counts rows under older data key versions in every table, for one merchant only', async () => {
      const { store, m1, m2 } = fx;
      const c = customerRecord(m1.id);
      const other = customerRecord(m2.id);
      await store.customers.insert(c);
      await store.customers.insert(other);
      const oldCard = paymentProfileRecord(m1.id, c.id, { numberCt: blob(1), expiryCt: blob(1), keyVersion: 1 });
      const bank = paymentProfileRecord(m1.id, c.id, { type: 'bankAccount', numberCt: blob(1), expiryCt: null, routingCt: blob(1), keyVersion: 1 });
      const newCard = paymentProfileRecord(m1.id, c.id, { numberCt: blob(2), expiryCt: blob(2), keyVersion: 2 });
      for (const p of [oldCard, bank, newCard, paymentProfileRecord(m2.id, other.id, { keyVersion: 1 })]) await store.paymentProfiles.insert(p);
      const kept = transactionRecord(m1.id, { cardNumberCt: blob(1), cardExpiryCt: blob(1), cardRetainedUntil: AT, keyVersion: 1 });
      await store.transactions.insert(kept);
      await store.transactions.insert(transactionRecord(m1.id, { keyVersion: 1 })); // wiped: nothing sealed
      await store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'old', { state: 'done', responseStatus: 200, responseBody: answerText(blob(1)) }));
      await store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'new', { state: 'done', responseStatus: 200, responseBody: answerText(blob(2)) }));
      await store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'clear', { state: 'done', responseStatus: 200, responseBody: '{"ok":true}' }));
      await store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'running'));

      const profiles = await store.sealedData.listNotUnder(m1.id, 'payment_profiles', 2, 10);
      expect(profiles.map((r) => r.id).sort()).toEqual([oldCard.id, bank.id].sort());
      const bankRow = profiles.find((r) => r.id === bank.id)!;
      expect(bankRow).toMatchObject({ table: 'payment_profiles', keyVersion: 1 });
      expect(Object.keys(bankRow.fields).sort()).toEqual(['number', 'routing']);
      expect(hex(bankRow.fields.routing)).toBe(hex(bank.routingCt));
      expect(await store.sealedData.listNotUnder(m1.id, 'payment_profiles', 2, 1)).toHaveLength(1);
      expect(await store.sealedData.listNotUnder(m1.id, 'payment_profiles', 1, 10)).toEqual([]);

      const [txn, ...noMore] = await store.sealedData.listNotUnder(m1.id, 'transactions', 2, 10);
      expect(noMore).toEqual([]);
      expect(txn).toMatchObject({ table: 'transactions', id: kept.id, keyVersion: 1 });
      expect(hex(txn!.fields.number)).toBe(hex(kept.cardNumberCt));

      const template = { merchantId: m1.id, id: 'ftpl_old', name: null, method: 'POST' as const, url: 'https://p.example/', bodyType: 'json' as const, templateCt: blob(1), keyVersion: 1, createdAt: AT };
      await store.forwardTemplates.insert(template);
      const [templateRow] = await store.sealedData.listNotUnder(m1.id, 'forward_templates', 2, 10);
      expect(templateRow).toMatchObject({ table: 'forward_templates', id: 'ftpl_old', keyVersion: 1 });
      const resealedTemplate = blob(2);
      expect(await store.sealedData.reseal(m1.id, templateRow!, 2, { template: resealedTemplate })).toBe(true);
      expect(hex((await store.forwardTemplates.get(m1.id, 'ftpl_old'))?.templateCt)).toBe(hex(resealedTemplate));

      const processor = { merchantId: m1.id, processor: 'authorizenet' as const, endpoint: 'https://gw.example/xml/v1/request.api', apiLoginIdCt: blob(1), transactionKeyCt: blob(1), updatedAt: AT };
      await store.merchantProcessors.put(processor);
      await store.merchantProcessors.put({ ...processor, merchantId: m2.id, apiLoginIdCt: blob(2), transactionKeyCt: blob(2) });
      const [processorRow, ...noOther] = await store.sealedData.listNotUnder(m1.id, 'merchant_processors', 2, 10);
      expect(noOther).toEqual([]);
      expect(processorRow).toMatchObject({ table: 'merchant_processors', id: processor.endpoint, keyVersion: 1 });
      expect(Object.keys(processorRow!.fields).sort()).toEqual(['apiLoginId', 'transactionKey']);
      expect(await store.sealedData.listNotUnder(m2.id, 'merchant_processors', 2, 10)).toEqual([]);
      expect(await store.sealedData.countByVersion(m2.id)).toEqual([{ keyVersion: 1, count: 1 }, { keyVersion: 2, count: 1 }]);
      const login = blob(2);
      expect(await store.sealedData.reseal(m1.id, processorRow!, 2, { apiLoginId: login, transactionKey: blob(2) })).toBe(true);
      expect(await store.sealedData.reseal(m1.id, processorRow!, 2, { apiLoginId: blob(2), transactionKey: blob(2) })).toBe(false);
      expect(hex((await store.merchantProcessors.get(m1.id))?.apiLoginIdCt)).toBe(hex(login));

      const answers = await store.sealedData.listNotUnder(m1.id, 'idempotency_keys', 2, 10);
      expect(answers.map((r) => [r.id, r.keyVersion])).toEqual([['old', 1]]);

      expect(await store.sealedData.countByVersion(m1.id)).toEqual([{ keyVersion: 1, count: 4 }, { keyVersion: 2, count: 4 }]);
    });

    it('re-seals a row by compare-and-set: once, and never over a write that changed it since it was read', async () => {
      const { store, m1, m2 } = fx;
      const c = customerRecord(m1.id);
      await store.customers.insert(c);
      const bank = paymentProfileRecord(m1.id, c.id, { type: 'bankAccount', numberCt: blob(1), expiryCt: null, routingCt: blob(1), keyVersion: 1 });
      const card = paymentProfileRecord(m1.id, c.id, { numberCt: blob(1), expiryCt: blob(1), keyVersion: 1 });
      await store.paymentProfiles.insert(bank);
      await store.paymentProfiles.insert(card);
      const rows = await store.sealedData.listNotUnder(m1.id, 'payment_profiles', 2, 10);
      const bankRow = rows.find((r) => r.id === bank.id)!;
      const cardRow = rows.find((r) => r.id === card.id)!;

      // Two rotations racing for one row: exactly one lands. Another merchant's id changes nothing.
      const resealed = { number: blob(2), routing: blob(2) };
      expect(await store.sealedData.reseal(m2.id, bankRow, 2, resealed)).toBe(false);
      const outcomes = await Promise.all([store.sealedData.reseal(m1.id, bankRow, 2, resealed), store.sealedData.reseal(m1.id, bankRow, 2, { number: blob(2), routing: blob(2) })]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const stored = await store.paymentProfiles.getById(m1.id, bank.id);
      expect(stored?.keyVersion).toBe(2);
      expect(stored?.expiryCt).toBeNull();

      // A write since the read (a new expiry) wins: the stale re-seal does nothing.
      const written = blob(1);
      await store.paymentProfiles.update(m1.id, c.id, card.id, { expiryCt: written });
      expect(await store.sealedData.reseal(m1.id, cardRow, 2, { number: blob(2), expiry: blob(2) })).toBe(false);
      expect(hex((await store.paymentProfiles.getById(m1.id, card.id))?.expiryCt)).toBe(hex(written));

      const kept = transactionRecord(m1.id, { cardNumberCt: blob(1), cardExpiryCt: blob(1), cardRetainedUntil: AT, keyVersion: 1 });
      await store.transactions.insert(kept);
      const [txn] = await store.sealedData.listNotUnder(m1.id, 'transactions', 2, 10);
      const number = blob(2);
      expect(await store.sealedData.reseal(m1.id, txn!, 2, { number, expiry: blob(2) })).toBe(true);
      expect(await store.transactions.get(m1.id, kept.id)).toMatchObject({ keyVersion: 2 });
      expect(hex((await store.transactions.get(m1.id, kept.id))?.cardNumberCt)).toBe(hex(number));

      await store.idempotencyKeys.insert(idempotencyRecord(m1.id, 'k', { state: 'done', responseStatus: 200, responseBody: answerText(blob(1)) }));
      const [answer] = await store.sealedData.listNotUnder(m1.id, 'idempotency_keys', 2, 10);
      const response = blob(2);
      expect(await store.sealedData.reseal(m1.id, answer!, 2, { response })).toBe(true);
      expect(await store.sealedData.reseal(m1.id, answer!, 2, { response: blob(2) })).toBe(false);
      expect((await store.idempotencyKeys.get(m1.id, 'k'))?.responseBody).toBe(answerText(response));
      expect(await store.sealedData.listNotUnder(m1.id, 'idempotency_keys', 2, 10)).toEqual([]);
    });
  });
}
