import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { BILL_TO, body, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

const validate = (ids: { customerProfileId: string; paymentProfileId: string }, input: Record<string, unknown>, api = t.api) =>
  api('POST', `/v1/customers/${ids.customerProfileId}/payment-profiles/${ids.paymentProfileId}/validate`, input);

describe('POST /v1/customers/:id/payment-profiles/:ppid/validate', () => {
  it('testMode checks the stored data without the processor', async () => {
    const ids = await storedCard(t.api, '4111111111111111', BILL_TO, { expMonth: 7, expYear: 2026 });
    const ok = await validate(ids, { mode: 'testMode' });
    expect(ok.status).toBe(200);
    expect(await body(ok)).toEqual({ mode: 'testMode', valid: true, responseCode: 1, reasonCode: 1, reasonText: 'This transaction has been approved.' });
    t.clock.set(new Date('2026-08-01T00:00:00Z'));
    expect(await body(await validate(ids, { mode: 'testMode' }))).toMatchObject({ valid: false, reasonCode: 8 });
  });

  it('liveMode authorises zero for Visa and Mastercard and voids it', async () => {
    const ids = await storedCard(t.api);
    expect(await body(await validate(ids, { mode: 'liveMode', cvc: '123' }))).toMatchObject({ mode: 'liveMode', valid: true, amount: '0.00', responseCode: 1, avsResult: 'Y', cvcResult: 'M' });
    const mc = await storedCard(t.api, '5424000000000015');
    expect(await body(await validate(mc, { mode: 'liveMode' }))).toMatchObject({ valid: true, amount: '0.00' });
  });

  it('liveMode uses 0.01 for brands without zero-amount verification', async () => {
    const amex = await storedCard(t.api, '370000000000002');
    expect(await body(await validate(amex, { mode: 'liveMode', cvc: '1234' }))).toMatchObject({ valid: true, amount: '0.01' });
    const discover = await storedCard(t.api, '6011000000000012');
    expect(await body(await validate(discover, { mode: 'liveMode' }))).toMatchObject({ valid: true, amount: '0.01' });
  });

  it('liveMode reports a declining card as invalid, without recording a transaction', async () => {
    const ids = await storedCard(t.api, '4000000000009995');
    expect(await body(await validate(ids, { mode: 'liveMode' }))).toMatchObject({ valid: false, responseCode: 2, reasonCode: 2 });
    const cvc = await storedCard(t.api);
    expect(await body(await validate(cvc, { mode: 'liveMode', cvc: '901' }))).toMatchObject({ valid: false, cvcResult: 'N' });
    const history = await body<{ data: unknown[] }>(await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions`));
    expect(history.data).toHaveLength(0);
  });

  it('refuses another merchant\'s profile, a bad mode and a malformed code', async () => {
    const ids = await storedCard(t.api);
    expect((await validate(ids, { mode: 'testMode' }, t.otherApi)).status).toBe(404);
    expect((await validate(ids, { mode: 'fast' })).status).toBe(400);
    expect((await validate(ids, { mode: 'liveMode', cvc: '12' })).status).toBe(400);
    expect((await validate(ids, { mode: 'liveMode', cvc: '1234' })).status).toBe(400);
  });
});
