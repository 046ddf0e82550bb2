import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS } from '../domain/idempotency.ts';
import { makeTestApp } from '../test-support.ts';
import { body, charge, sandboxOf, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const key = (k: string) => ({ 'Idempotency-Key': k });

async function history(customerId: string) {
  return (await body<{ data: Array<{ id: string; status: string }> }>(await t.api('GET', `/v1/customers/${customerId}/transactions`))).data;
}

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, with a replay header', async () => {
    const ids = await storedCard(t.api);
    const first = await charge(t.api, { ...ids, amount: '20.00' }, key('order-1'));
    expect(first.status).toBe(201);
    expect(first.res.headers.get('Idempotent-Replayed')).toBeNull();
    const again = await charge(t.api, { ...ids, amount: '20.00' }, key('order-1'));
    expect(again.status).toBe(201);
    expect(again.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.tx).toEqual(first.tx);
    expect(await history(ids.customerProfileId)).toHaveLength(1);
  });

  it('gives a replay its own X-Request-Id, as every response has', async () => {
    const ids = await storedCard(t.api);
    const first = await charge(t.api, { ...ids, amount: '20.00' }, key('order-rid'));
    const again = await charge(t.api, { ...ids, amount: '20.00' }, key('order-rid'));
    expect(again.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.res.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.res.headers.get('X-Request-Id')).not.toBe(first.res.headers.get('X-Request-Id'));
  });

  it('refuses the same key with a different body or path (409 idempotency_key_reused)', async () => {
    const ids = await storedCard(t.api);
    await charge(t.api, { ...ids, amount: '20.00' }, key('order-2'));
    const other = await charge(t.api, { ...ids, amount: '21.00' }, key('order-2'));
    expect(other.status).toBe(409);
    expect(other.tx.error?.code).toBe('idempotency_key_reused');
    const otherPath = await t.api('POST', '/v1/customers', { email: 'k@example.com' }, key('order-2'));
    expect(otherPath.status).toBe(409);
    expect(await history(ids.customerProfileId)).toHaveLength(1);
  });

  it('runs concurrent requests with one key once; every caller gets the same answer', async () => {
    const ids = await storedCard(t.api);
    const results = await Promise.all(Array.from({ length: 8 }, () => charge(t.api, { ...ids, amount: '33.00' }, key('burst'))));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const ids_ = new Set(results.map((r) => r.tx.id));
    expect(ids_.size).toBe(1);
    expect(results.filter((r) => r.res.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(7);
    const [only] = await history(ids.customerProfileId);
    expect(sandboxOf(t).executions(only!.id)).toBe(1);
  });

  it('scopes keys per merchant', async () => {
    const mine = await storedCard(t.api);
    const theirs = await storedCard(t.otherApi);
    const a = await charge(t.api, { ...mine, amount: '5.00' }, key('shared-key'));
    const b = await charge(t.otherApi, { ...theirs, amount: '5.00' }, key('shared-key'));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.res.headers.get('Idempotent-Replayed')).toBeNull();
    expect(a.tx.id).not.toBe(b.tx.id);
  });

  it('resolves a processor timeout by a retry with the same key, without charging twice', async () => {
    const ids = await storedCard(t.api);
    const first = await charge(t.api, { ...ids, amount: '70.02' }, key('slow'));
    expect(first.status).toBe(502);
    const [pending] = await history(ids.customerProfileId);
    expect(pending?.status).toBe('pending');
    const retry = await charge(t.api, { ...ids, amount: '70.02' }, key('slow'));
    expect(retry.status).toBe(201);
    expect(retry.tx).toMatchObject({ id: pending!.id, status: 'approved', state: 'captured', capturedAmount: '70.02' });
    expect(sandboxOf(t).executions(pending!.id)).toBe(1);
    // The resolved answer is now the one replayed.
    const replay = await charge(t.api, { ...ids, amount: '70.02' }, key('slow'));
    expect(replay.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.tx).toEqual(retry.tx);
    expect(await history(ids.customerProfileId)).toHaveLength(1);
  });

  it('resolves a one-time-card timeout the same way', async () => {
    const input = { amount: '70.02', card: { number: '5424000000000015', expMonth: 1, expYear: 2031, cvc: '900' }, billTo: { zip: '10001' } };
    expect((await charge(t.api, input, key('card-slow'))).status).toBe(502);
    const retry = await charge(t.api, input, key('card-slow'));
    expect(retry.tx).toMatchObject({ status: 'approved', card: { brand: 'mastercard', last4: '0015' } });
    expect(sandboxOf(t).executions(retry.tx.id)).toBe(1);
  });

  it('takes over a key whose owner crashed once the lease lapses', async () => {
    const ids = await storedCard(t.api);
    // A crashed attempt leaves the key running with nobody behind it.
    const request = { type: 'authCapture', duplicateWindowSeconds: 0, ...ids, amount: '8.00' };
    const crypto = await t.deps.keyring.forMerchant(t.deps.store, t.merchant.id);
    const requestHash = Buffer.from(crypto.fingerprint('idempotency', `POST\n/v1/transactions\n${JSON.stringify(request)}`)).toString('hex');
    const now = t.clock.now();
    await t.deps.store.idempotencyKeys.insert({
      merchantId: t.merchant.id, key: 'crashed', requestHash, state: 'running', lockedUntil: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString(),
      responseStatus: null, responseBody: null, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    });
    const busy = await t.api('POST', '/v1/transactions', request, key('crashed'));
    expect(busy.status).toBe(409);
    expect(await body(busy)).toMatchObject({ error: { code: 'idempotency_in_progress' } });
    expect(busy.headers.get('Retry-After')).toBe('60');
    t.clock.advance(IDEMPOTENCY_LEASE_MS);
    const taken = await t.api('POST', '/v1/transactions', request, key('crashed'));
    expect(taken.status).toBe(201);
  });

  it('forgets a key after 24 hours', async () => {
    await t.api('POST', '/v1/customers', { email: 'first@example.com' }, key('day-old'));
    t.clock.advance(IDEMPOTENCY_TTL_MS);
    const later = await t.api('POST', '/v1/customers', { email: 'second@example.com' }, key('day-old'));
    expect(later.status).toBe(201);
  });

  it('works for any POST under /v1 and refuses malformed keys', async () => {
    const a = await t.api('POST', '/v1/customers', { email: 'idem@example.com' }, key('cust-1'));
    const b = await t.api('POST', '/v1/customers', { email: 'idem@example.com' }, key('cust-1'));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await body(b)).toEqual(await body(a));
    const bad = await t.api('POST', '/v1/customers', { email: 'x@example.com' }, key('has space'));
    expect(bad.status).toBe(400);
    const long = await t.api('POST', '/v1/customers', { email: 'x@example.com' }, key('k'.repeat(256)));
    expect(long.status).toBe(400);
  });

  it('replays refunds by key too', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '50.00' });
    await t.settle();
    const r1 = await t.api('POST', `/v1/transactions/${tx.id}/refund`, { amount: '10.00' }, key('refund-1'));
    const r2 = await t.api('POST', `/v1/transactions/${tx.id}/refund`, { amount: '10.00' }, key('refund-1'));
    expect(await body(r2)).toEqual(await body(r1));
    expect((await body<{ refundedAmount: string }>(await t.api('GET', `/v1/transactions/${tx.id}`))).refundedAmount).toBe('10.00');
  });
});

describe('duplicate window', () => {
  it('refuses an identical charge within 120 s without a key, naming the first', async () => {
    const ids = await storedCard(t.api);
    const first = await t.api('POST', '/v1/transactions', { type: 'authCapture', ...ids, amount: '9.99' });
    const firstTx = await body<{ id: string }>(first);
    t.clock.advance(119_000);
    const dup = await t.api('POST', '/v1/transactions', { type: 'authCapture', ...ids, amount: '9.99' });
    expect(dup.status).toBe(409);
    expect(await body(dup)).toMatchObject({ error: { code: 'duplicate_transaction', existingId: firstTx.id } });
    // A different amount or type is not a duplicate.
    expect((await t.api('POST', '/v1/transactions', { type: 'authCapture', ...ids, amount: '9.98' })).status).toBe(201);
    expect((await t.api('POST', '/v1/transactions', { type: 'authOnly', ...ids, amount: '9.99' })).status).toBe(201);
    t.clock.advance(2_000);
    expect((await t.api('POST', '/v1/transactions', { type: 'authCapture', ...ids, amount: '9.99' })).status).toBe(201);
  });

  it('allows the charge with duplicateWindowSeconds: 0, honours a custom window, and skips the check with a key', async () => {
    const ids = await storedCard(t.api);
    const charge_ = (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      t.api('POST', '/v1/transactions', { type: 'authCapture', ...ids, amount: '4.00', ...extra }, headers);
    expect((await charge_()).status).toBe(201);
    expect((await charge_({ duplicateWindowSeconds: 0 })).status).toBe(201);
    t.clock.advance(10_000);
    expect((await charge_({ duplicateWindowSeconds: 5 })).status).toBe(201);
    expect((await charge_({}, key('new-order'))).status).toBe(201);
    expect((await charge_({ duplicateWindowSeconds: 28_801 })).status).toBe(400);
  });

  it('lets two concurrent identical charges through only once', async () => {
    const ids = await storedCard(t.api);
    const results = await Promise.all([1, 2, 3].map(() => t.api('POST', '/v1/transactions', { type: 'authCapture', ...ids, amount: '6.00' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('applies to one-time cards by card fingerprint', async () => {
    const input = { type: 'authCapture', amount: '3.00', card: { number: '4111111111111111', expMonth: 1, expYear: 2031 } };
    expect((await t.api('POST', '/v1/transactions', input)).status).toBe(201);
    expect((await t.api('POST', '/v1/transactions', input)).status).toBe(409);
  });
});

describe('what an Idempotency-Key record keeps', () => {
  it('stores a keyed hash of the request, never the card data in it', async () => {
    const input = { amount: '3.00', card: { number: '6011000000000012', expMonth: 1, expYear: 2031, cvc: '900' } };
    await charge(t.api, input, key('one-time'));
    const record = await t.deps.store.idempotencyKeys.get(t.merchant.id, 'one-time');
    expect(record?.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record?.responseBody).not.toContain('6011000000000012');
    const { createHash } = await import('node:crypto');
    const unkeyed = createHash('sha256').update(`POST\n/v1/transactions\n${JSON.stringify({ type: 'authCapture', duplicateWindowSeconds: 0, ...input })}`).digest('hex');
    expect(record?.requestHash).not.toBe(unkeyed);
  });
});
