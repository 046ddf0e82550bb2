import { expect } from 'vitest';
import type { SandboxProcessor } from '../processor/sandbox.ts';
import type { makeTestApp } from '../test-support.ts';
import type { TransactionView } from '@cim/shared';

/** Helpers for the transaction tests: a stored profile to charge, and typed calls. */
export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
type Api = TestApp['api'];

export const sandboxOf = (t: TestApp) => t.deps.processor as SandboxProcessor;

export async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export const BILL_TO = { firstName: 'Ada', lastName: 'Lovelace', address: '12 St James Sq', zip: '10001' };

let serial = 0;

/** A customer with one stored card; returns the ids a charge needs. */
export async function storedCard(api: Api, number = '4111111111111111', billTo: Record<string, string> = BILL_TO, expiry = { expMonth: 12, expYear: 2030 }) {
  const customer = await api('POST', '/v1/customers', { email: `c${++serial}-${Date.now()}@example.com` });
  expect(customer.status).toBe(201);
  const customerProfileId = (await body<{ id: string }>(customer)).id;
  const profile = await api('POST', `/v1/customers/${customerProfileId}/payment-profiles`, { card: { number, ...expiry }, billTo });
  expect(profile.status, await profile.clone().text()).toBe(201);
  return { customerProfileId, paymentProfileId: (await body<{ id: string }>(profile)).id };
}

/** POST /v1/transactions; window 0 unless the test is about the duplicate window. */
export async function charge(api: Api, input: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await api('POST', '/v1/transactions', { type: 'authCapture', duplicateWindowSeconds: 0, ...input }, headers);
  return { res, status: res.status, tx: await body<TransactionView & { error?: { code: string; message: string } }>(res) };
}
