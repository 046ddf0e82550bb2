import { expect } from 'vitest';
import type { makeTestApp } from '../test-support.ts';

/** Helpers for the REST API tests: a test app, well-known test cards and a row-count snapshot. */
export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
export type Api = TestApp['api'];

export const CARDS = {
  visa: '4111111111111111',
  visa2: '4012888888881881',
  mastercard: '5555555555554444',
  mastercard2series: '2223003122003222',
  amex: '378282246310005',
  discover: '6011111111111117',
  diners: '30569309025904',
  jcb: '3530111333300000',
  unionpay: '6200000000000005',
  maestro: '6759649826438453',
} as const;

export const ROUTING = '021000021';

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function newCustomer(api: Api, body: Record<string, unknown> = { email: `c${Math.random().toString(36).slice(2)}@example.com` }): Promise<string> {
  const res = await api('POST', '/v1/customers', body);
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

export function cardBody(number: string = CARDS.visa, over: Record<string, unknown> = {}, card: Record<string, unknown> = {}) {
  return {
    card: { number, expMonth: 12, expYear: 2030, cvc: number.startsWith('37') ? '1234' : '123', ...card },
    billTo: { firstName: 'Ada', lastName: 'Lovelace', address: '12 St James Sq', zip: '10001' },
    ...over,
  };
}

export async function newCard(api: Api, customerId: string, body: Record<string, unknown> = cardBody()): Promise<Record<string, unknown> & { id: string }> {
  const res = await api('POST', `/v1/customers/${customerId}/payment-profiles`, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}

/** Row counts of every table, read through a second connection (so only committed rows count). */
export { rowCounts } from '../testing/database-reader.ts';

export function expectErrorBody(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), requestId: expect.any(String) } });
  const keys = Object.keys((body as { error: object }).error);
  for (const k of keys) expect(['code', 'message', 'field', 'requestId', 'existingId']).toContain(k);
}
