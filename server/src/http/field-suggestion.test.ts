import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { closestKey } from './field-suggestion.ts';

describe('unknown fields suggest the closest known one', () => {
  it('matches case slips and small typos, and stays quiet for unrelated names', () => {
    const known = ['merchantCustomerId', 'email', 'description'];
    expect(closestKey('merchantCustomerID', known)).toBe('merchantCustomerId');
    expect(closestKey('merchantCustmerId', known)).toBe('merchantCustomerId');
    expect(closestKey('emial', known)).toBe('email');
    expect(closestKey('favouriteColour', known)).toBeUndefined();
    expect(closestKey('x', [])).toBeUndefined();
  });

  it('names the typo and the field it meant, top level and nested, over the API', async () => {
    const t = await makeTestApp();
    try {
      const top = await t.api('POST', '/v1/customers', { merchantCustomerID: 'A-1' });
      expect(top.status).toBe(400);
      expect(await top.json()).toMatchObject({ error: { code: 'invalid_request', field: 'merchantCustomerID', message: 'merchantCustomerID: unknown field; did you mean merchantCustomerId?' } });

      const customer = (await (await t.api('POST', '/v1/customers', { merchantCustomerId: 'A-2' })).json()) as { id: string };
      const nested = await t.api('POST', `/v1/customers/${customer.id}/payment-profiles`, {
        card: { number: '4111111111111111', expMonth: 12, expYear: 2031 },
        billTo: { fristName: 'Ada', lastName: 'Lovelace', zip: '10001' },
      });
      expect(nested.status).toBe(400);
      const error = ((await nested.json()) as { error: { field: string; message: string } }).error;
      expect(error).toMatchObject({ field: 'billTo.fristName', message: 'billTo.fristName: unknown field; did you mean firstName?' });
      // Nothing was written by either refusal.
      expect(((await (await t.api('GET', `/v1/customers/${customer.id}`)).json()) as { paymentProfiles: unknown[] }).paymentProfiles).toEqual([]);

      const unrelated = await t.api('POST', '/v1/customers', { merchantCustomerId: 'A-3', favouriteColour: 'teal' });
      expect(((await unrelated.json()) as { error: { message: string } }).error.message).toBe('Unknown field(s): favouriteColour.');
    } finally {
      await t.cleanup();
    }
  });
});
