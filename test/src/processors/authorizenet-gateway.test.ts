/**
 * Processor per merchant across real processes: two `cim serve` instances, each with its own
 * database. The operator points the shop's merchant at the gateway's Authorize.Net API with
 * `cim merchant set-processor … --endpoint http://127.0.0.1:PORT/xml/v1/request.api`; the shop's
 * charges then appear in the gateway's own transaction reports.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';

interface Merchant { id: string; secretKey: string; apiLoginId: string; transactionKey: string }

const dirs: string[] = [];
const running: CimProcess[] = [];

function instanceEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-processor-'));
  dirs.push(dir);
  return { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_MASTER_KEY: randomBytes(32).toString('base64'), CIM_LOG_LEVEL: 'warn', ...extra };
}

const createMerchant = async (env: Record<string, string>, name: string) => JSON.parse(await cimCli(['merchant', 'create', '--name', name, '--origin', 'http://shop.test'], env)) as Merchant;

let gateway: CimProcess;
let shop: CimProcess;
let gatewayMerchant: Merchant;
let shopMerchant: Merchant;

async function rest(method: string, path: string, body?: unknown) {
  const res = await fetch(`${shop.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${shopMerchant.secretKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function gatewayApi(root: string, fields: Record<string, unknown>) {
  const res = await fetch(`${gateway.url}/xml/v1/request.api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ [root]: { merchantAuthentication: { name: gatewayMerchant.apiLoginId, transactionKey: gatewayMerchant.transactionKey }, ...fields } }),
  });
  return JSON.parse((await res.text()).replace(/^\uFEFF/, '')) as Record<string, unknown>;
}

beforeAll(async () => {
  const gatewayEnv = instanceEnv();
  gatewayMerchant = await createMerchant(gatewayEnv, 'Gateway account');
  gateway = await startCim(gatewayEnv);
  running.push(gateway);

  const shopEnv = instanceEnv({ CIM_GATEWAY_HOSTS: '127.0.0.1' });
  shopMerchant = await createMerchant(shopEnv, 'Shop');
  const set = JSON.parse(
    await cimCli(['merchant', 'set-processor', shopMerchant.id, 'authorizenet', '--api-login-id', gatewayMerchant.apiLoginId, '--transaction-key', gatewayMerchant.transactionKey, '--endpoint', `${gateway.url}/xml/v1/request.api`], shopEnv),
  ) as Record<string, unknown>;
  expect(set).toMatchObject({ processor: 'authorizenet', endpoint: `${gateway.url}/xml/v1/request.api` });
  expect(JSON.stringify(set)).not.toContain(gatewayMerchant.transactionKey);
  shop = await startCim(shopEnv);
  running.push(shop);
}, 120_000);

afterAll(async () => {
  for (const p of running) await p.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('cim merchant set-processor authorizenet, against another cim serve as the gateway', () => {
  it('charges reach the gateway (amount, last four, CIM id as invoice number); declines come back with their reason', { timeout: 120_000 }, async () => {
    expect((await rest('GET', '/v1/settings/processor')).body).toMatchObject({ processor: 'authorizenet', apiLoginId: `XXXX${gatewayMerchant.apiLoginId.slice(-4)}` });

    const customer = await rest('POST', '/v1/customers', { email: 'ada@example.com' });
    const card = async (number: string) =>
      (await rest('POST', `/v1/customers/${String(customer.body.id)}/payment-profiles`, { card: { number, expMonth: 12, expYear: 2031 }, billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '10001' } })).body.id as string;
    const pay = (paymentProfileId: string, amount: string) =>
      rest('POST', '/v1/transactions', { type: 'authCapture', amount, customerProfileId: customer.body.id, paymentProfileId, duplicateWindowSeconds: 0 });

    const approved = await pay(await card('4111111111111111'), '12.34');
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ status: 'approved', amount: '12.34' });

    const list = await gatewayApi('getUnsettledTransactionListRequest', {});
    const rows = list.transactions as Array<Record<string, unknown>>;
    expect(rows.filter((r) => r.invoiceNumber === approved.body.id)).toEqual([
      expect.objectContaining({ settleAmount: '12.34', accountNumber: 'XXXX1111', transactionStatus: 'capturedPendingSettlement', firstName: 'Ada' }),
    ]);

    const declined = await pay(await card('4000000000000002'), '12.35');
    expect(declined.body).toMatchObject({ status: 'declined', reasonCode: 2, declineCode: 'generic' });
  });
});
