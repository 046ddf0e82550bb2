import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { BILL_TO, charge, sandboxOf, storedCard, type TestApp } from './transaction-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

/** Every row of the sandbox table in docs/transactions.md, over HTTP. */
describe('sandbox processor outcomes', () => {
  it.each([
    ['4111111111111111', 'visa'],
    ['5424000000000015', 'mastercard'],
    ['370000000000002', 'amex'],
    ['6011000000000012', 'discover'],
    ['4007000000027', 'visa'],
  ])('approves test card %s (%s)', async (number, brand) => {
    const ids = await storedCard(t.api, number);
    const { status, tx } = await charge(t.api, { ...ids, amount: '10.00' });
    expect(status).toBe(201);
    expect(tx).toMatchObject({ status: 'approved', responseCode: 1, reasonCode: 1, card: { brand, last4: number.slice(-4) } });
  });

  it.each([
    ['4000000000000002', 'generic', 2, undefined],
    ['4000000000009995', 'insufficientFunds', 2, undefined],
    ['4000000000000069', 'expiredCard', 8, undefined],
    ['4000000000000127', 'cvcMismatch', 44, 'N'],
  ])('declines test card %s (%s) as a 201 with a reason', async (number, declineCode, reasonCode, cvcResult) => {
    const ids = await storedCard(t.api, number);
    const { status, tx } = await charge(t.api, { ...ids, amount: '10.00', cvc: '123' });
    expect(status).toBe(201);
    expect(tx).toMatchObject({ status: 'declined', state: 'declined', responseCode: 2, reasonCode, declineCode, capturedAmount: '0.00' });
    if (cvcResult) expect(tx.cvcResult).toBe(cvcResult);
    expect(tx.authCode).toBeUndefined();
  });

  it('declines any card billed to ZIP 46282', async () => {
    const ids = await storedCard(t.api, '4111111111111111', { ...BILL_TO, zip: '46282' });
    expect((await charge(t.api, { ...ids, amount: '10.00' })).tx).toMatchObject({ status: 'declined', reasonCode: 2, declineCode: 'generic' });
  });

  it.each([
    ['46201', 'A', 'approved'],
    ['46203', 'E', 'approved'],
    ['46204', 'G', 'approved'],
    ['46205', 'N', 'declined'],
    ['46206', 'P', 'approved'],
    ['46207', 'R', 'approved'],
    ['46208', 'S', 'approved'],
    ['46209', 'U', 'approved'],
    ['46211', 'W', 'approved'],
    ['46214', 'X', 'approved'],
    ['46217', 'Z', 'approved'],
    ['10001', 'Y', 'approved'],
  ])('billing ZIP %s gives AVS result %s (%s)', async (zip, avsResult, status) => {
    const ids = await storedCard(t.api, '4111111111111111', { ...BILL_TO, zip });
    const { tx } = await charge(t.api, { ...ids, amount: '10.00' });
    expect(tx).toMatchObject({ avsResult, status });
    if (status === 'declined') expect(tx).toMatchObject({ reasonCode: 27, declineCode: 'avsMismatch' });
  });

  it('gives Z for a ZIP without a street address and B with no address at all', async () => {
    const zipOnly = await storedCard(t.api, '4111111111111111', { zip: '10001' });
    expect((await charge(t.api, { ...zipOnly, amount: '10.00' })).tx.avsResult).toBe('Z');
    const none = await storedCard(t.api, '5424000000000015', {});
    expect((await charge(t.api, { ...none, amount: '10.00' })).tx.avsResult).toBe('B');
  });

  it.each([
    ['900', 'M', 'approved'],
    ['901', 'N', 'declined'],
    ['902', 'S', 'approved'],
    ['903', 'U', 'approved'],
    ['904', 'P', 'approved'],
    ['321', 'M', 'approved'],
  ])('card code %s gives CVC result %s (%s)', async (cvc, cvcResult, status) => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '10.00', cvc });
    expect(tx).toMatchObject({ cvcResult, status });
  });

  it('sends no card-code result when no code was given', async () => {
    const ids = await storedCard(t.api);
    expect((await charge(t.api, { ...ids, amount: '10.00' })).tx.cvcResult).toBeUndefined();
  });

  it('answers 70.01 with a processor error (response code 3) and moves nothing', async () => {
    const ids = await storedCard(t.api);
    const { status, tx } = await charge(t.api, { ...ids, amount: '70.01' });
    expect(status).toBe(201);
    expect(tx).toMatchObject({ status: 'error', state: 'error', responseCode: 3, reasonCode: 19, capturedAmount: '0.00' });
  });

  it('holds 70.03 for review (response code 4)', async () => {
    const ids = await storedCard(t.api);
    const { tx } = await charge(t.api, { ...ids, amount: '70.03' });
    expect(tx).toMatchObject({ status: 'heldForReview', state: 'heldForReview', responseCode: 4, reasonCode: 252, capturedAmount: '0.00' });
    expect((await t.api('POST', `/v1/transactions/${tx.id}/capture`, {})).status).toBe(409);
    expect((await t.api('POST', `/v1/transactions/${tx.id}/void`, {})).status).toBe(200);
  });

  it('times out on 70.02: 502, the transaction stays pending, nothing is double-charged', async () => {
    const ids = await storedCard(t.api);
    const { status, tx } = await charge(t.api, { ...ids, amount: '70.02' });
    expect(status).toBe(502);
    expect(tx.error?.code).toBe('processor_error');
    const list = await (await t.api('GET', `/v1/customers/${ids.customerProfileId}/transactions`)).json() as { data: Array<{ id: string; status: string; responseCode: number }> };
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ status: 'pending', responseCode: 3, reasonCode: 120 });
    expect(sandboxOf(t).executions(list.data[0]!.id)).toBe(1);
  });
});
