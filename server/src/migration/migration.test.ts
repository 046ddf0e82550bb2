import { generateKeyPairSync } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainContext } from '../domain/context.ts';
import { createMerchant } from '../domain/merchants.ts';
import { CARDS, ROUTING, cardBody, json, newCard, newCustomer, type TestApp } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';
import { EnvelopeError, openEnvelope, sealToRecipient } from './envelope.ts';
import { exportRows } from './export-rows.ts';
import { ensureImportKeys, openImportKeys } from './import-keys.ts';
import { importRows } from './import-rows.ts';
import { parseRows, serializeRows, type DataFormat } from './rows.ts';

/**
 * Vault migration through the domain code: export one merchant's cards encrypted to CIM's
 * import key (as another processor would hand them over), import them into another merchant.
 */
let t: TestApp;
const ctxOf = (merchantId: string): DomainContext => ({ store: t.deps.store, keyring: t.deps.keyring, clock: t.clock, merchantId, actor: 'cli', clientAddress: null });
const STORED = [CARDS.visa, CARDS.mastercard, CARDS.amex, CARDS.discover];
const ACCOUNT = '000123456789';
const BANK = { accountType: 'savings', routingNumber: ROUTING, accountNumber: ACCOUNT, nameOnAccount: 'Grace Hopper', bankName: 'First "Bank", NA' };

beforeAll(async () => {
  t = await makeTestApp();
  // c-1 holds two cards; the billing values need CSV quoting and JSON escaping.
  const c1 = await newCustomer(t.api, { merchantCustomerId: 'c-1', email: 'ada@example.com' });
  await newCard(t.api, c1, cardBody(STORED[0], { billTo: { firstName: 'Ada, "the" Countess', lastName: 'Lovelace', zip: '10001', country: 'GB' } }));
  await newCard(t.api, c1, cardBody(STORED[1]));
  const c2 = await newCustomer(t.api, { merchantCustomerId: 'c-2' });
  await newCard(t.api, c2, cardBody(STORED[2], { billTo: { address: '1 Main St\nFloor 2', city: 'New York' } }));
  // A bank account travels in the same file (account_number, routing_number, …).
  await newCard(t.api, c2, { bankAccount: BANK, billTo: { zip: '02139' } });
  // No merchantCustomerId: exported under CIM's customer id.
  const c3 = await newCustomer(t.api, { email: 'bob@example.com' });
  await newCard(t.api, c3, cardBody(STORED[3]));
}, 60_000);
afterAll(() => t.cleanup());

/** The target merchant's cards, decrypted, by customer: what the import really stored. */
async function vaultOf(merchantId: string) {
  const crypto = await t.deps.keyring.forMerchant(t.deps.store, merchantId);
  const out: Record<string, Array<{ number: string; billTo: object; bank?: object }>> = {};
  for (const id of await t.deps.store.customers.listIds(merchantId)) {
    const customer = (await t.deps.store.customers.get(merchantId, id))!;
    out[customer.merchantCustomerId ?? '?'] = (await t.deps.store.paymentProfiles.listForCustomer(merchantId, id)).map((p) => ({
      number: crypto.open(p.id, 'number', p.numberCt),
      billTo: p.billTo,
      ...(p.type === 'bankAccount' && { bank: { routingNumber: crypto.open(p.id, 'routing', p.routingCt!), accountType: p.accountType, nameOnAccount: p.nameOnAccount, bankName: p.bankName } }),
    }));
  }
  return out;
}

describe('export → import into another merchant', () => {
  for (const [format, data] of [['jwe', 'csv'], ['pgp', 'json']] as Array<['jwe' | 'pgp', DataFormat]>) {
    it(`${format.toUpperCase()} with ${data.toUpperCase()}: every card and bank account arrives once, and a re-run creates nothing`, { timeout: 30_000 }, async () => {
      const target = await createMerchant(t.deps, { name: `Target ${format}`, origins: ['https://target.test'] });
      const rows = await exportRows(ctxOf(t.merchant.id), 'test key');
      expect(rows).toHaveLength(5);
      const { format: sealedAs, file } = await sealToRecipient(serializeRows(rows, data), (await ensureImportKeys(t.deps))[format]);
      expect(sealedAs).toBe(format);
      for (const number of [...STORED, ACCOUNT, ROUTING]) expect(Buffer.from(file).includes(Buffer.from(number))).toBe(false);

      const opened = await openEnvelope(file, await openImportKeys(t.deps));
      const parsed = parseRows(opened.plaintext);
      expect(parsed.format).toBe(data);
      const first = await importRows(ctxOf(target.id), parsed.rows);
      expect(first).toEqual({ rows: 5, customersCreated: 3, paymentProfilesCreated: 5, alreadyPresent: 0, errors: [] });
      const again = await importRows(ctxOf(target.id), parseRows((await openEnvelope(file, await openImportKeys(t.deps))).plaintext).rows);
      expect(again).toEqual({ rows: 5, customersCreated: 0, paymentProfilesCreated: 0, alreadyPresent: 5, errors: [] });

      const vault = await vaultOf(target.id);
      expect(Object.keys(vault).sort()).toEqual(['c-1', 'c-2', expect.stringMatching(/^\d{10}$/)].sort());
      expect(vault['c-1']!.map((p) => p.number).sort()).toEqual([STORED[0], STORED[1]].sort());
      expect(vault['c-1']!.find((p) => p.number === STORED[0])!.billTo).toEqual({ firstName: 'Ada, "the" Countess', lastName: 'Lovelace', zip: '10001', country: 'GB' });
      expect(vault['c-2']).toHaveLength(2);
      expect(vault['c-2']).toEqual(expect.arrayContaining([
        { number: STORED[2], billTo: { address: '1 Main St\nFloor 2', city: 'New York' } },
        { number: ACCOUNT, billTo: { zip: '02139' }, bank: { routingNumber: ROUTING, accountType: 'savings', nameOnAccount: 'Grace Hopper', bankName: 'First "Bank", NA' } },
      ]));
      // Through the API too: the target merchant finds its customer by the external id.
      const found = await json<{ data: Array<{ email: string | null; paymentProfiles: unknown[] }> }>(await t.app.request('/v1/customers?merchantCustomerId=c-1', { headers: { authorization: `Bearer ${target.secretKey}` } }));
      expect(found.data).toMatchObject([{ email: 'ada@example.com' }]);

      const audit = await t.deps.store.audit.listForMerchant(target.id, 50);
      expect(audit.filter((e) => e.action === 'vault.import')).toHaveLength(2);
      expect(JSON.stringify(audit)).not.toMatch(new RegExp([...STORED, ACCOUNT, ROUTING].join('|')));
      expect((await t.deps.store.audit.listForMerchant(t.merchant.id, 50)).find((e) => e.action === 'vault.export')?.detail).toMatch(/^4 cards and 1 bank accounts of 3 customers/);
    });
  }
});

describe('import', () => {
  /** Imports a CSV of one good row, refused rows and the good row again: one customer and one card, the rest reported. */
  async function importRefusals(name: string, lines: string[], errors: object[]) {
    const target = await createMerchant(t.deps, { name, origins: ['https://refusals.test'] });
    const report = await importRows(ctxOf(target.id), parseRows(Buffer.from(lines.join('\n'))).rows);
    expect(report).toEqual({ rows: lines.length - 1, customersCreated: 1, paymentProfilesCreated: 1, alreadyPresent: 1, errors });
    expect(JSON.stringify(report)).not.toMatch(/\d{6}/);
    const customers = await t.deps.store.customers.listIds(target.id);
    expect(customers).toHaveLength(1);
    return t.deps.store.paymentProfiles.listForCustomer(target.id, customers[0]!);
  }

  it('reports each refused row by number and code, never its content, and imports the rest', async () => {
    await importRefusals('Bad rows', [
      'customer_id,card_number,exp_month,exp_year,first_name,zip,extra_column',
      'k-1,4111111111111111,12,2030,Ada,10001,ignored',
      'k-2,4111111111111112,12,2030,Eve,10002,',
      ',5555555555554444,12,2030,Nobody,,',
      'k-3,5555555555554444,13,2030,Bad month,,',
      'k-4,6011111111111117,1,2020,Expired,,',
      'k-5,378282246310005,12,2030,4012888888881881,,',
      'k-6,4012888888881881,,,Mo,,',
      'k-1,4111111111111111,12,2030,Ada,10001,',
    ], [
      { row: 2, code: 'invalid_card_number', field: 'card_number' },
      { row: 3, code: 'invalid_request', field: 'customer_id' },
      { row: 4, code: 'invalid_expiry', field: 'exp_month' },
      { row: 5, code: 'card_expired', field: 'exp_month' },
      { row: 6, code: 'card_data_not_allowed', field: 'firstName' },
      { row: 7, code: 'invalid_expiry', field: 'exp_month' },
    ]);
  });

  it('imports bank account rows with the API\'s rules, each refusal named by its column', async () => {
    const [profile] = await importRefusals('Bank rows', [
      'customer_id,account_type,routing_number,account_number,name_on_account,bank_name,card_number,exp_month,exp_year',
      'b-1,checking,021000021,12345678,Ada Lovelace,,,,',
      'b-1,checking,021000022,12345679,Ada Lovelace,,,,',
      'b-2,cheque,021000021,12345678,Ada Lovelace,,,,',
      'b-3,savings,021000021,12345678,,,,,',
      'b-4,savings,021000021,12AB,Ada,,,,',
      'b-5,savings,021000021,12345678,Ada,,4111111111111111,12,2030',
      'b-6,savings,021000021,12345678,4111111111111111,,,,',
      'b-1,checking,021000021,12345678,Ada Lovelace,,,,',
    ], [
      { row: 2, code: 'invalid_routing_number', field: 'routing_number' },
      { row: 3, code: 'invalid_request', field: 'account_type' },
      { row: 4, code: 'invalid_request', field: 'name_on_account' },
      { row: 5, code: 'invalid_request', field: 'account_number' },
      { row: 6, code: 'invalid_request', field: 'account_number' },
      { row: 7, code: 'card_data_not_allowed', field: 'name_on_account' },
    ]);
    expect(profile).toMatchObject({ type: 'bankAccount', accountType: 'checking', last4: '5678', routingLast4: '0021', nameOnAccount: 'Ada Lovelace', isDefault: true });
  });

  it('refuses a file encrypted to another key, and a file in clear', async () => {
    const keys = await openImportKeys(t.deps);
    const otherPgp = await openpgp.generateKey({ userIDs: [{ name: 'someone else' }], format: 'armored' });
    const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const otherRsa = JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }));
    const plaintext = serializeRows([{ customer_id: 'x', card_number: CARDS.visa, exp_month: '12', exp_year: '2030' }], 'csv');
    for (const key of [otherPgp.publicKey, otherEc, otherRsa]) {
      const { file } = await sealToRecipient(plaintext, key);
      await expect(openEnvelope(file, keys)).rejects.toThrow(EnvelopeError);
      await expect(openEnvelope(file, keys)).rejects.toThrow(/could not be decrypted with CIM's import key/);
    }
    await expect(openEnvelope(plaintext, keys)).rejects.toThrow(/neither a JWE nor an OpenPGP message/);
  });

  it('makes the import keys once, and keeps their private halves sealed', async () => {
    const first = await ensureImportKeys(t.deps);
    expect(await ensureImportKeys(t.deps)).toEqual(first);
    expect(JSON.parse(first.jwe)).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ECDH-ES+A256KW', use: 'enc' });
    expect(JSON.parse(first.jwe)).not.toHaveProperty('d');
    expect(first.pgp).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    for (const k of await t.deps.store.importKeys.list()) {
      expect(Buffer.from(k.privateCt).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    }
  });
});

describe('export', () => {
  it('refuses a private key as the recipient', async () => {
    const jwk = JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }));
    await expect(sealToRecipient(new Uint8Array(1), jwk)).rejects.toThrow(/private or secret key/);
  });
});
