import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { BILL_TO, body, charge, storedCard, type TestApp } from '../routes/transaction-fixtures.ts';
import type { SealedTable } from '../store/types.ts';
import { runSchedulerOnce } from '../scheduler.ts';
import { makeTestApp } from '../test-support.ts';
import { updateForwardHosts } from './forward-hosts.ts';
import { authorizeNetSetting } from './processor-settings.ts';
import { keyVersionOf } from '../vault/aead.ts';
import { KEY_RELOAD_MS, KeyRing } from '../vault/keyring.ts';
import { continueDataKeyRotation, DATA_KEY_ACTIVATION_SECONDS, dataKeyStatus, RETIRE_GRACE_SECONDS, startDataKeyRotation } from './data-key-rotation.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const TABLES: SealedTable[] = ['payment_profiles', 'transactions', 'forward_templates', 'webhook_endpoints', 'merchant_processors', 'idempotency_keys'];

/** The same database through its own key ring: another server process, as far as the key cache knows. */
function secondServer() {
  const app = createApp({ ...t.deps, keyring: new KeyRing(t.master, t.clock) });
  return async (method: string, path: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${t.merchant.secretKey}`, ...(payload !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(payload !== undefined && { body: JSON.stringify(payload) }),
    });
}

/** A vault made through the API: a card, a bank account, a kept one-time card, a forward template and a stored (sealed) idempotent answer. */
async function vault() {
  await updateForwardHosts(t.deps, t.merchant.id, { add: ['processor.example'], remove: [] });
  const template = await t.api('POST', '/v1/forward/templates', { method: 'POST', url: 'https://processor.example/charge', headers: { authorization: 'Bearer sk_processor' }, body: '{"pan":"{{card.number}}"}' });
  expect(template.status, await template.clone().text()).toBe(201);
  const hook = await t.api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/in' });
  expect(hook.status, await hook.clone().text()).toBe(201);
  webhook = await body<{ id: string; secret: string }>(hook);
  const card = await storedCard(t.api, '4111111111111111', BILL_TO, { expMonth: 11, expYear: 2031 });
  const bank = await t.api('POST', `/v1/customers/${card.customerProfileId}/payment-profiles`, { bankAccount: { accountType: 'checking', routingNumber: '021000021', accountNumber: '123456789', nameOnAccount: 'Ada' }, billTo: BILL_TO });
  expect(bank.status, await bank.clone().text()).toBe(201);
  const oneTime = await charge(t.api, { amount: '5.00', card: { number: '6011000000000012', expMonth: 9, expYear: 2031, cvc: '900' }, billTo: BILL_TO });
  expect(oneTime.tx.status).toBe('approved');
  const created = await t.api('POST', '/v1/customers', { email: 'replayed@example.com' }, { 'Idempotency-Key': 'rotate-me' });
  expect(created.status).toBe(201);
  return { card, bankId: (await body<{ id: string }>(bank)).id, oneTimeTxId: oneTime.tx.id, templateId: (await body<{ id: string }>(template)).id, createdText: await created.text() };
}

type Call = TestApp['api'];
let webhook: { id: string; secret: string };

/** Everything in the vault opens: card expiry, the card charges, the bank account charges, the template's sealed headers, the answer replays byte for byte. */
async function expectAllOpens(api: Call, v: Awaited<ReturnType<typeof vault>>) {
  const read = await api('GET', `/v1/customers/${v.card.customerProfileId}/payment-profiles/${v.card.paymentProfileId}`);
  expect(read.status, await read.clone().text()).toBe(200);
  expect(await body(read)).toMatchObject({ card: { last4: '1111', expMonth: 11, expYear: 2031 } });
  expect((await charge(api, { ...v.card, amount: '3.00' })).tx.status).toBe('approved');
  expect((await charge(api, { customerProfileId: v.card.customerProfileId, paymentProfileId: v.bankId, amount: '4.00' })).tx.status).toMatch(/approved|heldForReview/);
  expect(await body(await api('GET', `/v1/forward/templates/${v.templateId}`))).toMatchObject({ headerNames: ['authorization'], placeholders: ['card.number'] });
  const replay = await api('POST', '/v1/customers', { email: 'replayed@example.com' }, { 'Idempotency-Key': 'rotate-me' });
  expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
  expect(await replay.text()).toBe(v.createdText);
}

async function expectEveryRowOn(version: number) {
  const status = await dataKeyStatus(t.deps, t.merchant.id);
  expect(status).toMatchObject({ currentVersion: version, keyVersions: [version], remaining: 0, done: true });
  expect(status.rows.map((r) => r.keyVersion)).toEqual([version]);
  for (const table of TABLES) expect(await t.deps.store.sealedData.listNotUnder(t.merchant.id, table, version, 10)).toEqual([]);
  expect((await t.deps.store.merchantKeys.listForMerchant(t.merchant.id)).map((k) => `${k.purpose}/${k.version}`).sort()).toEqual([`data/${version}`, 'fingerprint/1']);
  // The webhook signing secret opens, under the new key alone, to what was shown at creation.
  const endpoint = await t.deps.store.webhooks.getEndpoint(t.merchant.id, webhook.id);
  const crypto = await new KeyRing(t.master, t.clock).forMerchant(t.deps.store, t.merchant.id);
  expect(keyVersionOf(endpoint!.secretCt)).toBe(version);
  expect(crypto.open(webhook.id, 'webhookSecret', endpoint!.secretCt)).toBe(webhook.secret);
}

describe('data-key rotation', () => {
  it('publishes the new key before it seals, opens old-version ciphertexts throughout, re-seals every row, and a second server that cached the old key keeps working', async () => {
    const v = await vault();
    const second = secondServer();
    await expectAllOpens(second, v); // caches version 1 only

    const started = await startDataKeyRotation(t.deps, t.merchant.id, DATA_KEY_ACTIVATION_SECONDS);
    expect(started).toMatchObject({ version: 2, started: true });
    expect(await startDataKeyRotation(t.deps, t.merchant.id, 0)).toMatchObject({ version: 2, started: false });
    // Not sealing yet: nothing moves, and new writes still seal with version 1.
    expect(await continueDataKeyRotation(t.deps, t.merchant.id)).toEqual({ resealed: 0, done: false, waitingUntil: started.activeFrom });
    const early = await storedCard(t.api, '5555555555554444');
    expect((await t.deps.store.paymentProfiles.getById(t.merchant.id, early.paymentProfileId))?.keyVersion).toBe(1);

    // Within the reload interval every server has read version 2; at activeFrom all seal with it.
    t.clock.advance(KEY_RELOAD_MS);
    await expectAllOpens(second, v);
    t.clock.advance(DATA_KEY_ACTIVATION_SECONDS * 1000 - KEY_RELOAD_MS);
    const late = await storedCard(second, '4012888888881881');
    const lateRecord = await t.deps.store.paymentProfiles.getById(t.merchant.id, late.paymentProfileId);
    expect(lateRecord?.keyVersion).toBe(2);
    expect(keyVersionOf(lateRecord!.numberCt)).toBe(2);
    // Old rows (version 1) and new ones (version 2) open side by side, on both servers.
    await expectAllOpens(t.api, v);
    expect((await charge(t.api, { ...late, amount: '2.00' })).tx.status).toBe('approved');
    expect((await dataKeyStatus(t.deps, t.merchant.id)).remaining).toBeGreaterThan(4);

    const progress = await continueDataKeyRotation(t.deps, t.merchant.id, { batchSize: 2 });
    expect(progress.resealed).toBeGreaterThan(4);
    // Every row is re-sealed, but the old key stays until requests that may have read it are over.
    const retiresAt = new Date(Date.parse(started.activeFrom) + RETIRE_GRACE_SECONDS * 1000).toISOString();
    expect(progress).toMatchObject({ done: false, retiresAt });
    expect(await dataKeyStatus(t.deps, t.merchant.id)).toMatchObject({ keyVersions: [1, 2], remaining: 0, done: false });
    await expectAllOpens(second, v);
    t.clock.set(new Date(retiresAt));
    expect(await continueDataKeyRotation(t.deps, t.merchant.id)).toEqual({ resealed: 0, done: true });
    await expectEveryRowOn(2);
    await expectAllOpens(second, v);
    await expectAllOpens(t.api, v);
    const saved = await t.api('POST', '/v1/customers/from-transaction', { transactionId: v.oneTimeTxId, customer: { merchantCustomerId: 'after-rotation' } });
    expect(saved.status, await saved.clone().text()).toBe(201);
    const early2 = await t.api('GET', `/v1/customers/${early.customerProfileId}/payment-profiles/${early.paymentProfileId}`);
    expect(await body(early2)).toMatchObject({ card: { last4: '4444' } });
  });

  it('carries on a rotation stopped between batches from the rows still on the old version', async () => {
    await vault();
    await startDataKeyRotation(t.deps, t.merchant.id, 0);
    const before = (await dataKeyStatus(t.deps, t.merchant.id)).remaining;
    const first = await continueDataKeyRotation(t.deps, t.merchant.id, { batchSize: 1, maxBatches: 2 });
    expect(first).toEqual({ resealed: 2, done: false });
    expect((await dataKeyStatus(t.deps, t.merchant.id)).remaining).toBe(before - 2);
    t.clock.advance(RETIRE_GRACE_SECONDS * 1000);
    expect((await continueDataKeyRotation(t.deps, t.merchant.id, { batchSize: 1 })).done).toBe(true);
    await expectEveryRowOn(2);
    // Another merchant's vault is untouched.
    expect((await dataKeyStatus(t.deps, t.other.id)).currentVersion).toBe(1);
  });

  it('re-seals a merchant’s processor credentials (whose version only their ciphertext header names)', async () => {
    const set = await t.otherApi('PUT', '/v1/settings/processor', { processor: 'authorizenet', apiLoginId: 'login7Q2x', transactionKey: 'trankey0123456789' });
    expect(set.status, await set.clone().text()).toBe(200);
    await startDataKeyRotation(t.deps, t.other.id, 0);
    t.clock.advance(RETIRE_GRACE_SECONDS * 1000);
    expect((await dataKeyStatus(t.deps, t.other.id)).rows).toEqual([{ keyVersion: 1, count: 1 }]);
    expect(await continueDataKeyRotation(t.deps, t.other.id)).toEqual({ resealed: 1, done: true });
    expect((await dataKeyStatus(t.deps, t.other.id)).rows).toEqual([{ keyVersion: 2, count: 1 }]);
    const opened = await authorizeNetSetting(t.deps.store, new KeyRing(t.master, t.clock), t.other.id);
    expect([opened?.apiLoginId.unwrap(), opened?.transactionKey.unwrap()]).toEqual(['login7Q2x', 'trankey0123456789']);
    expect(await body(await t.otherApi('GET', '/v1/settings/processor'))).toMatchObject({ processor: 'authorizenet', apiLoginId: 'XXXX7Q2x' });
  });

  it('a running server’s scheduler carries on a rotation left unfinished, once its new key seals', async () => {
    const v = await vault();
    await startDataKeyRotation(t.deps, t.merchant.id, DATA_KEY_ACTIVATION_SECONDS);
    await runSchedulerOnce(t.deps);
    expect((await dataKeyStatus(t.deps, t.merchant.id)).keyVersions).toEqual([1, 2]);
    t.clock.advance(DATA_KEY_ACTIVATION_SECONDS * 1000);
    await runSchedulerOnce(t.deps);
    expect(await dataKeyStatus(t.deps, t.merchant.id)).toMatchObject({ keyVersions: [1, 2], remaining: 0 });
    t.clock.advance(RETIRE_GRACE_SECONDS * 1000);
    await runSchedulerOnce(t.deps);
    await expectEveryRowOn(2);
    await expectAllOpens(t.api, v);
  });

  it('a server that read the keys before a rotation that sealed at once (--activate-in 0) reloads on the first ciphertext it cannot open: one 503 with Retry-After, then it opens', async () => {
    const v = await vault();
    const second = secondServer();
    await expectAllOpens(second, v);
    await startDataKeyRotation(t.deps, t.merchant.id, 0);
    expect((await continueDataKeyRotation(t.deps, t.merchant.id)).resealed).toBeGreaterThan(4);

    const path = `/v1/customers/${v.card.customerProfileId}/payment-profiles/${v.card.paymentProfileId}`;
    const first = await second('GET', path);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await body<{ error: { code: string } }>(first)).error.code).toBe('key_version_unavailable');
    await expectAllOpens(second, v);
  });
});
