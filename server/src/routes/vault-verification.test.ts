import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, type CheckoutServer } from '../checkout-test-support.ts';

let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

const save = (number: string) => ({ card: { number, expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO });

describe('a vault-mode save verifies the card with the processor first', () => {
  it('a card the processor refuses answers 402 card_not_verified with its reason and stores nothing', async () => {
    const w = t.widget(await t.newSession({ mode: 'vault', merchantCustomerId: 'vaulting' }));
    const refused = await w('POST', '/payment-profiles', save('4000000000009995'));
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: 'card_not_verified', field: 'card.number', message: 'The card could not be verified: This transaction has been declined.' });
    expect(refused.text).not.toContain('4000000000009995');
    const wallet = (await w('GET', '/wallet')).body;
    expect(wallet.paymentProfiles).toEqual([]);
    // Not even the customer profile the save would have created.
    expect(wallet.customer).toBeNull();
    expect((await t.api('GET', '/v1/customers?merchantCustomerId=vaulting')).body.data).toEqual([]);
    // The verification is not a transaction: the merchant's list has none.
    expect((await t.api('GET', '/v1/transactions')).body.data ?? []).toEqual([]);
  });

  it('a card the processor accepts is stored at once (a normal card, the default), after one authorisation and its void', async () => {
    const calls: string[] = [];
    const processor = t.deps.processor;
    const authorize = processor.authorize.bind(processor);
    const voidCall = processor.void.bind(processor);
    processor.authorize = (request) => (calls.push(`authorize ${request.amountMinor}`), authorize(request));
    processor.void = (request) => (calls.push('void'), voidCall(request));
    const w = t.widget(await t.newSession({ mode: 'vault' }));
    const saved = await w('POST', '/payment-profiles', save('4111111111111111'));
    expect(saved.status).toBe(201);
    expect(saved.body.paymentProfile).toMatchObject({ isDefault: true, card: { last4: '1111' } });
    expect(calls).toEqual(['authorize 0', 'void']);
    expect(await t.deps.store.paymentProfiles.getById(t.merchant.id, saved.body.paymentProfile.id)).not.toHaveProperty('provisionalUntil');
  });

  it('a checkout-mode save is not verified separately: the charge that follows is the check', async () => {
    const calls: string[] = [];
    const authorize = t.deps.processor.authorize.bind(t.deps.processor);
    t.deps.processor.authorize = (request) => (calls.push('authorize'), authorize(request));
    const w = t.widget(await t.newSession());
    expect((await w('POST', '/payment-profiles', { ...save('4000000000009995'), confirm: true })).status).toBe(201);
    expect(calls).toEqual([]);
  });
});

describe('PATCH /widget/api/payment-profiles/:id (vault mode): default and expiry without the number', () => {
  const vaultWith = async (...numbers: string[]) => {
    const w = t.widget(await t.newSession({ mode: 'vault', merchantCustomerId: 'editing' }));
    const ids: string[] = [];
    for (const n of numbers) ids.push((await w('POST', '/payment-profiles', save(n))).body.paymentProfile.id);
    return { w, ids };
  };

  it('makes a saved card the default (the old default gives way) and gives it a new expiry', async () => {
    const { w, ids } = await vaultWith('4111111111111111', '5555555555554444');
    const made = await w('PATCH', `/payment-profiles/${ids[1]}`, { isDefault: true, expMonth: 3, expYear: 2032 });
    expect(made.status).toBe(200);
    expect(made.body.paymentProfile).toMatchObject({ id: ids[1], isDefault: true, card: { last4: '4444', expMonth: 3, expYear: 2032 }, expired: false });
    const wallet = (await w('GET', '/wallet')).body;
    expect(wallet.defaults.paymentProfileId).toBe(ids[1]);
    expect(wallet.paymentProfiles.filter((p: { isDefault: boolean }) => p.isDefault)).toHaveLength(1);
    const rest = await t.api('GET', `/v1/customers/${wallet.customer.id}/payment-profiles/${ids[1]}`);
    expect(rest.body).toMatchObject({ isDefault: true, card: { expMonth: 3, expYear: 2032, last4: '4444' } });
  });

  it('refuses a past expiry, half an expiry, an empty patch and a number, changing nothing', async () => {
    const { w, ids } = await vaultWith('4111111111111111');
    const past = await w('PATCH', `/payment-profiles/${ids[0]}`, { expMonth: 1, expYear: 2020 });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('card_expired');
    for (const body of [{ expMonth: 4 }, {}, { number: '4111111111111111' }, { isDefault: false }, { expMonth: 13, expYear: 2031 }]) {
      const res = await w('PATCH', `/payment-profiles/${ids[0]}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.text).not.toContain('4111111111111111');
    }
    expect((await w('GET', '/wallet')).body.paymentProfiles[0].card).toMatchObject({ expMonth: 12, expYear: 2030 });
  });

  it('answers 404 for a card outside the session\'s wallet and 403 in checkout mode', async () => {
    const { ids } = await vaultWith('4111111111111111');
    const stranger = t.widget(await t.newSession({ mode: 'vault' }));
    expect((await stranger('PATCH', `/payment-profiles/${ids[0]}`, { isDefault: true })).status).toBe(404);
    expect((await stranger('PATCH', '/payment-profiles/123', { isDefault: true })).status).toBe(404);
    const checkout = t.widget(await t.newSession({ merchantCustomerId: 'editing' }));
    const refused = await checkout('PATCH', `/payment-profiles/${ids[0]}`, { isDefault: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });
});
