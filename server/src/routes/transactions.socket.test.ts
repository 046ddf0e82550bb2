import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { sandboxOf, type TestApp } from './transaction-fixtures.ts';

/** The charge path through a real listening socket: headers, concurrency and retries as a client sees them. */
let t: TestApp;
let server: ServerType;
let base: string;

beforeEach(async () => {
  t = await makeTestApp();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as Server).closeAllConnections();
  });
  await t.cleanup();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.merchant.secretKey}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('transactions over a real socket', () => {
  it('bills a stored profile, replays concurrent retries once, resolves a timeout (with and without a key) and refunds', async () => {
    const customer = await call('POST', '/v1/customers', { merchantCustomerId: 'sock-1' });
    const profile = await call('POST', `/v1/customers/${customer.body.id}/payment-profiles`, {
      card: { number: '5424000000000015', expMonth: 4, expYear: 2032 },
      billTo: { firstName: 'Grace', lastName: 'Hopper', address: '1 Navy Way', zip: '20001' },
    });
    const ids = { customerProfileId: customer.body.id, paymentProfileId: profile.body.id };

    const burst = await Promise.all(
      Array.from({ length: 6 }, () => call('POST', '/v1/transactions', { type: 'authCapture', amount: '19.95', ...ids }, { 'Idempotency-Key': 'sock-bill-1' })),
    );
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(burst.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(burst[0]?.body).toMatchObject({ status: 'approved', card: { brand: 'mastercard', last4: '0015' } });
    expect(sandboxOf(t).executions(String(burst[0]?.body.id))).toBe(1);

    const lost = await call('POST', '/v1/transactions', { type: 'authCapture', amount: '70.02', ...ids }, { 'Idempotency-Key': 'sock-bill-2' });
    expect(lost.status).toBe(502);
    expect(lost.body).toMatchObject({ error: { code: 'processor_error' } });
    const resolved = await call('POST', '/v1/transactions', { type: 'authCapture', amount: '70.02', ...ids }, { 'Idempotency-Key': 'sock-bill-2' });
    expect(resolved.body).toMatchObject({ status: 'approved', amount: '70.02' });
    expect(sandboxOf(t).executions(String(resolved.body.id))).toBe(1);

    // Without a key: the 502 names the transaction, and resolving it asks the processor again.
    const keyless = await call('POST', '/v1/transactions', { type: 'authCapture', amount: '70.02', duplicateWindowSeconds: 0, ...ids });
    expect(keyless.status).toBe(502);
    const pendingId = String((keyless.body.error as { transactionId: string }).transactionId);
    const settled = await call('POST', `/v1/transactions/${pendingId}/resolve`, {});
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id: pendingId, status: 'approved', amount: '70.02' });
    expect(sandboxOf(t).executions(pendingId)).toBe(1);

    await t.settle();
    const refund = await call('POST', `/v1/transactions/${resolved.body.id}/refund`, { amount: '0.02' });
    expect(refund.status).toBe(201);
    const history = await call('GET', `/v1/customers/${customer.body.id}/transactions`);
    expect((history.body.data as unknown[]).length).toBe(4);
  });

  it('takes bodiless POSTs with no Content-Type (void, refund in full); a refund without amount refunds what remains', async () => {
    const bare = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${t.merchant.secretKey}`, ...headers } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    const customer = await call('POST', '/v1/customers', { merchantCustomerId: 'sock-bare' });
    const profile = await call('POST', `/v1/customers/${customer.body.id}/payment-profiles`, {
      card: { number: '4111111111111111', expMonth: 4, expYear: 2032 },
      billTo: { firstName: 'Grace', lastName: 'Hopper', address: '1 Navy Way', zip: '20001' },
    });
    const ids = { customerProfileId: customer.body.id, paymentProfileId: profile.body.id };

    const auth = await call('POST', '/v1/transactions', { type: 'authOnly', amount: '11.00', ...ids });
    const voided = await bare(`/v1/transactions/${auth.body.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ id: auth.body.id, state: 'voided' });

    const sale = await call('POST', '/v1/transactions', { type: 'authCapture', amount: '50.00', ...ids });
    await t.settle();
    expect((await call('POST', `/v1/transactions/${sale.body.id}/refund`, { amount: '20.00' })).status).toBe(201);
    const rest = await bare(`/v1/transactions/${sale.body.id}/refund`, { 'Idempotency-Key': 'refund-rest-1' });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ type: 'refund', status: 'approved', amount: '30.00', refTransactionId: sale.body.id });
    // The same key again is a replay, not a second refund; a new one finds nothing left.
    expect((await bare(`/v1/transactions/${sale.body.id}/refund`, { 'Idempotency-Key': 'refund-rest-1' })).body).toMatchObject({ id: rest.body.id, amount: '30.00' });
    const nothing = await bare(`/v1/transactions/${sale.body.id}/refund`);
    expect(nothing.status).toBe(409);
    expect(nothing.body.error).toMatchObject({ code: 'transaction_state' });
    expect(nothing.body.error.message).toMatch(/refunded in full/);
    expect((await call('GET', `/v1/transactions/${sale.body.id}`)).body).toMatchObject({ refundedAmount: '50.00' });

    // A body without its Content-Type is still refused, and a body a route needs is still required.
    const untyped = await fetch(`${base}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${t.merchant.secretKey}` }, body: '{"merchantCustomerId":"x"}' });
    expect(untyped.status).toBe(415);
    const charge = await bare('/v1/transactions');
    expect(charge.status).toBe(400);
    expect(charge.body.error.code).toBe('invalid_request');
  });
});
