import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve as listen, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, charge, sandboxOf, storedCard, type TestApp } from '../../routes/transaction-fixtures.ts';
import { openSqliteStore } from '../../store/sqlite/index.ts';
import type { TransactionRecord } from '../../store/types.ts';
import { makeTestApp } from '../../test-support.ts';

/*
 * End to end over real HTTP on loopback: the shop's CIM charges through its Authorize.Net connector,
 * and the gateway is a second, real CIM answering Authorize.Net's JSON API at /xml/v1/request.api
 * (with its own sandbox behind it). The gateway's own records show what it was asked to do.
 */

let gateway: TestApp;
let gatewayDir: string;
let shop: TestApp;
let gatewayServer: ServerType;
let proxy: Server;
let endpoint: string;
/** While true, the proxy hands the gateway's answer back; while false it drops it after the gateway has acted. */
let answersArrive = true;
let proxied = 0;

const listening = (server: { address(): AddressInfo | string | null }) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  // The gateway keeps its own SQLite file; the shop runs on the project's store (SQLite, or PostgreSQL in server-postgres).
  gatewayDir = mkdtempSync(join(tmpdir(), 'cim-gateway-'));
  gateway = await makeTestApp({ store: openSqliteStore(join(gatewayDir, 'gateway.db')) });
  shop = await makeTestApp({ env: { CIM_GATEWAY_HOSTS: '127.0.0.1', CIM_GATEWAY_TIMEOUT_MS: '20000' } });
  gatewayServer = await new Promise<ServerType>((resolve) => {
    const s = listen({ fetch: gateway.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const target = `http://127.0.0.1:${listening(gatewayServer)}/xml/v1/request.api`;
  // A tiny proxy: forwards each request to the gateway and, when told to, loses the answer (the gateway has acted).
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      proxied++;
      const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
      const text = await answer.text();
      if (!answersArrive) return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${listening(proxy)}/xml/v1/request.api`;
  const set = await shop.api('PUT', '/v1/settings/processor', { processor: 'authorizenet', apiLoginId: gateway.merchant.apiLoginId, transactionKey: gateway.merchant.transactionKey, endpoint });
  expect(set.status, await set.clone().text()).toBe(200);
}, 60_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await new Promise((resolve) => gatewayServer?.close(resolve));
  await shop?.cleanup();
  await gateway?.cleanup();
  rmSync(gatewayDir, { recursive: true, force: true });
});

/** createTransactionRequest to the shop's own Authorize.Net-compatible API. */
async function shopAnet(transactionRequest: Record<string, unknown>) {
  const res = await shop.app.request('/xml/v1/request.api', {
    method: 'POST',
    body: JSON.stringify({ createTransactionRequest: { merchantAuthentication: { name: shop.merchant.apiLoginId, transactionKey: shop.merchant.transactionKey }, transactionRequest } }),
  });
  return JSON.parse((await res.text()).replace(/^\uFEFF/, '')) as { transactionResponse: { transId: string; responseCode: string; errors?: unknown } };
}

const shopRecord = async (id: string) => (await shop.deps.store.transactions.get(shop.merchant.id, id))!;
const gatewayRecord = async (id: string) => (await gateway.deps.store.transactions.get(gateway.merchant.id, id))!;
/** The gateway's transactions that CIM sent under this reference (its invoiceNumber). */
const gatewayCharges = async (reference: string): Promise<TransactionRecord[]> =>
  (await gateway.deps.store.transactions.listUnsettled(gateway.merchant.id, 1000)).filter((t) => t.orderId === reference && t.type !== 'refund');

describe('the Authorize.Net connector against a CIM gateway', () => {
  it('an authCapture reaches the gateway as a transaction with the amount, card and addresses; nothing goes to the sandbox', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    const { status, tx } = await charge(shop.api, { ...ids, amount: '12.50', orderId: 'ORD-77', description: 'Tea' });
    expect(status, JSON.stringify(tx)).toBe(201);
    expect(tx).toMatchObject({ status: 'approved', responseCode: 1, reasonCode: 1, amount: '12.50', avsResult: 'Y' });
    const mine = await shopRecord(tx.id);
    expect(mine.processor).toBe('authorizenet');
    expect(sandboxOf(shop).executions(tx.id)).toBe(0);

    const [theirs, ...more] = await gatewayCharges(tx.id);
    expect(more).toEqual([]);
    expect(theirs).toMatchObject({ id: mine.processorTransactionId, type: 'authCapture', status: 'approved', amountMinor: 1250, capturedMinor: 1250, last4: '1111', description: 'Order ORD-77: Tea' });
    expect(theirs!.billTo).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', zip: '10001' });
    expect(mine.authCode).toBe(theirs!.authCode);
  });

  it("a decline on the gateway (its sandbox's decline card) is a decline here, with the reason", { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api, '4000000000000002');
    const { status, tx } = await charge(shop.api, { ...ids, amount: '20.00' });
    expect(status).toBe(201);
    expect(tx).toMatchObject({ status: 'declined', responseCode: 2, reasonCode: 2, reasonText: 'This transaction has been declined.', declineCode: 'generic' });
    const ccv = await storedCard(shop.api, '4000000000000127');
    expect((await charge(shop.api, { ...ccv, amount: '20.00' })).tx).toMatchObject({ status: 'declined', reasonCode: 44, declineCode: 'cvcMismatch', cvcResult: 'N' });
  });

  it('authOnly → priorAuthCapture, and void, act on the gateway transaction', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    const auth = (await charge(shop.api, { ...ids, type: 'authOnly', amount: '30.00' })).tx;
    expect(auth.status).toBe('approved');
    const processorId = (await shopRecord(auth.id)).processorTransactionId!;
    expect(await gatewayRecord(processorId)).toMatchObject({ type: 'authOnly', capturedMinor: 0 });
    const captured = await shop.api('POST', `/v1/transactions/${auth.id}/capture`, { amount: '25.00' });
    expect(captured.status, await captured.clone().text()).toBe(200);
    expect(await body(captured)).toMatchObject({ action: { type: 'capture', status: 'approved' } });
    expect(await gatewayRecord(processorId)).toMatchObject({ capturedMinor: 2500 });

    const sale = (await charge(shop.api, { ...ids, amount: '31.00' })).tx;
    const voided = await shop.api('POST', `/v1/transactions/${sale.id}/void`);
    expect(voided.status, await voided.clone().text()).toBe(200);
    expect((await gatewayRecord((await shopRecord(sale.id)).processorTransactionId!)).voidedAt).not.toBeNull();
  });

  it('a refund after settlement refunds the gateway transaction', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    const sale = (await charge(shop.api, { ...ids, amount: '40.00' })).tx;
    const processorId = (await shopRecord(sale.id)).processorTransactionId!;
    await gateway.settle();
    await shop.settle();
    const refund = await shop.api('POST', `/v1/transactions/${sale.id}/refund`, { amount: '15.00' });
    const refunded = await body<{ id: string; status: string }>(refund);
    expect(refund.status, JSON.stringify(refunded)).toBe(201);
    expect(refunded.status).toBe('approved');
    const theirRefund = await gatewayRecord((await shopRecord(refunded.id)).processorTransactionId!);
    expect(theirRefund).toMatchObject({ type: 'refund', parentId: processorId, amountMinor: 1500, status: 'approved' });
    expect(await gatewayRecord(processorId)).toMatchObject({ refundedMinor: 1500 });
  });

  it('a lost answer leaves the charge pending; resolve finds the gateway transaction and does not charge twice', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    answersArrive = false;
    const before = proxied;
    const lost = await charge(shop.api, { ...ids, amount: '55.00' });
    answersArrive = true;
    expect(lost.status).toBe(502);
    expect(lost.tx.error?.code).toBe('processor_error');
    expect(proxied).toBe(before + 1);
    const id = (lost.tx.error as unknown as { transactionId: string }).transactionId;
    expect((await shopRecord(id)).status).toBe('pending');
    const charged = await gatewayCharges(id);
    expect(charged).toHaveLength(1); // the gateway did charge

    const resolved = await shop.api('POST', `/v1/transactions/${id}/resolve`);
    expect(resolved.status, await resolved.clone().text()).toBe(200);
    expect(await body(resolved)).toMatchObject({ id, status: 'approved', amount: '55.00' });
    expect((await shopRecord(id)).processorTransactionId).toBe(charged[0]!.id);
    expect(await gatewayCharges(id)).toHaveLength(1); // and only once
    // Resolving again asks nothing more of the gateway.
    const calls = proxied;
    expect((await shop.api('POST', `/v1/transactions/${id}/resolve`)).status).toBe(200);
    expect(proxied).toBe(calls);
  });

  it('a charge whose first call never reached the gateway is sent on resolve (looked up first, not found)', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    // The gateway is unreachable: the connector's call fails before anything is charged.
    const down = await shop.api('PUT', '/v1/settings/processor', { processor: 'authorizenet', apiLoginId: gateway.merchant.apiLoginId, transactionKey: gateway.merchant.transactionKey, endpoint: 'http://127.0.0.1:9/xml/v1/request.api' });
    expect(down.status).toBe(200);
    const failed = await charge(shop.api, { ...ids, amount: '61.00' });
    expect(failed.status).toBe(502);
    const id = (failed.tx.error as unknown as { transactionId: string }).transactionId;
    await shop.api('PUT', '/v1/settings/processor', { processor: 'authorizenet', apiLoginId: gateway.merchant.apiLoginId, transactionKey: gateway.merchant.transactionKey, endpoint });
    expect(await gatewayCharges(id)).toHaveLength(0);
    const resolved = await shop.api('POST', `/v1/transactions/${id}/resolve`);
    expect(await body(resolved)).toMatchObject({ id, status: 'approved' });
    expect(await gatewayCharges(id)).toHaveLength(1);
  });

  it('a refund whose answer was lost is found on the gateway by its invoice number and not refunded twice', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    const sale = (await charge(shop.api, { ...ids, amount: '44.00' })).tx;
    const processorId = (await shopRecord(sale.id)).processorTransactionId!;
    await gateway.settle();
    await shop.settle();
    answersArrive = false;
    const lost = await shop.api('POST', `/v1/transactions/${sale.id}/refund`, { amount: '10.00' });
    answersArrive = true;
    expect(lost.status).toBe(502);
    const refundId = (await body<{ error: { transactionId: string } }>(lost)).error.transactionId;
    const theirRefunds = async () => (await gateway.deps.store.transactions.listUnsettled(gateway.merchant.id, 1000)).filter((t) => t.type === 'refund' && t.orderId === refundId);
    expect(await theirRefunds()).toHaveLength(1);
    const resolved = await shop.api('POST', `/v1/transactions/${refundId}/resolve`);
    expect(await body(resolved)).toMatchObject({ id: refundId, status: 'approved', amount: '10.00' });
    expect(await theirRefunds()).toHaveLength(1);
    expect(await gatewayRecord(processorId)).toMatchObject({ refundedMinor: 1000 });
    expect(await shopRecord(sale.id)).toMatchObject({ refundedMinor: 1000, refundReservedMinor: 0 });
  });

  it('held for review on the gateway (its sandbox holds 70.03) is held here; approving releases it there', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    const held = (await charge(shop.api, { ...ids, amount: '70.03' })).tx;
    expect(held).toMatchObject({ status: 'heldForReview', responseCode: 4, reasonCode: 252 });
    const processorId = (await shopRecord(held.id)).processorTransactionId!;
    expect(await gatewayRecord(processorId)).toMatchObject({ status: 'heldForReview' });
    const reviewed = await shop.api('POST', `/v1/transactions/${held.id}/review`, { decision: 'approve' });
    expect(reviewed.status, await reviewed.clone().text()).toBe(200);
    expect(await body(reviewed)).toMatchObject({ status: 'approved', action: { type: 'review', status: 'approved' } });
    expect(await gatewayRecord(processorId)).toMatchObject({ status: 'approved', capturedMinor: 7003 });
  });

  it('an unlinked credit goes to the gateway as a refund without refTransId', { timeout: 60_000 }, async () => {
    for (const app of [shop, gateway]) expect((await app.api('PATCH', '/v1/settings', { unlinkedCredits: true })).status).toBe(200);
    const ids = await storedCard(shop.api);
    const answer = await shopAnet({ transactionType: 'refundTransaction', amount: '9.00', profile: { customerProfileId: ids.customerProfileId, paymentProfile: { paymentProfileId: ids.paymentProfileId } } });
    expect(answer.transactionResponse.responseCode, JSON.stringify(answer)).toBe('1');
    const credit = await shopRecord(answer.transactionResponse.transId);
    expect(credit).toMatchObject({ processor: 'authorizenet', anetKind: 'credit', status: 'approved' });
    expect(await gatewayRecord(credit.processorTransactionId!)).toMatchObject({ type: 'refund', parentId: null, anetKind: 'credit', amountMinor: 900, last4: '1111', orderId: credit.id });
  });

  it('test requests stay in the sandbox; a follow-up after switching processors is refused, not sent elsewhere', { timeout: 60_000 }, async () => {
    const ids = await storedCard(shop.api);
    const answer = await shopAnet({
      transactionType: 'authCaptureTransaction', amount: '7.00',
      profile: { customerProfileId: ids.customerProfileId, paymentProfile: { paymentProfileId: ids.paymentProfileId } },
      transactionSettings: { setting: [{ settingName: 'testRequest', settingValue: 'true' }, { settingName: 'duplicateWindow', settingValue: '0' }] },
    });
    expect(answer.transactionResponse.responseCode).toBe('1');
    const testCharge = await shopRecord(answer.transactionResponse.transId);
    expect(testCharge.processor).toBe('sandbox');
    expect(sandboxOf(shop).executions(testCharge.id)).toBe(1);
    expect(await gatewayCharges(testCharge.id)).toHaveLength(0);

    const auth = (await charge(shop.api, { ...ids, type: 'authOnly', amount: '8.00' })).tx;
    expect((await shopRecord(auth.id)).processor).toBe('authorizenet');
    await shop.api('PUT', '/v1/settings/processor', { processor: 'sandbox' });
    const refused = await shop.api('POST', `/v1/transactions/${auth.id}/capture`);
    expect(refused.status).toBe(409);
    expect(await body(refused)).toMatchObject({ error: { code: 'transaction_state' } });
    expect(sandboxOf(shop).executions(`${auth.id}`)).toBe(0);
    await shop.api('PUT', '/v1/settings/processor', { processor: 'authorizenet', apiLoginId: gateway.merchant.apiLoginId, transactionKey: gateway.merchant.transactionKey, endpoint });
  });
});
