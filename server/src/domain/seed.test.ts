import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { json } from '../routes/fixtures.ts';
import { revealPaymentProfile } from './payment-profiles.ts';
import { SEED_EXPIRY_MONTHS, seedCardNumber, seedExpiry, seedVault } from './seed.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(() => t.cleanup());

describe('seedVault', () => {
  it('writes customers with five sealed cards each that the API reads, finds and decrypts like any other', async () => {
    t = await makeTestApp();
    const result = await seedVault(t.deps, { merchantId: t.merchant.id, profiles: 23, tag: 'st', batchSize: 7 });
    expect(result).toMatchObject({ customers: 5, profiles: 23 });

    const found = await json<{ data: Array<{ id: string; paymentProfiles: Array<{ id: string; isDefault: boolean; card: { last4: string } }> }> }>(
      await t.api('GET', '/v1/customers?merchantCustomerId=st-4'),
    );
    expect(found.data).toHaveLength(1);
    const customer = await json<{ paymentProfiles: Array<{ id: string; isDefault: boolean; card: { last4: string } }> }>(await t.api('GET', `/v1/customers/${found.data[0]!.id}`));
    // Profiles 20, 21, 22: the last customer holds the three left over, the first of them its default.
    expect(customer.paymentProfiles.map((p) => p.card.last4).sort()).toEqual([20, 21, 22].map((n) => seedCardNumber(n).slice(-4)).sort());
    expect(customer.paymentProfiles.filter((p) => p.isDefault)).toHaveLength(1);

    const ctx = { ...t.deps, merchantId: t.merchant.id, actor: 'test', clientAddress: null };
    const numbers = await Promise.all(customer.paymentProfiles.map(async (p) => (await revealPaymentProfile(ctx, p.id)).number));
    expect(numbers.sort()).toEqual([20, 21, 22].map(seedCardNumber).sort());

    // Card n expires in month n mod 60 from now: cards 1 and 61 would share a month; of 23, only card 1 has that month.
    const { expMonth, expYear } = seedExpiry(1, t.deps.clock.now());
    const expiring = await json<{ data: Array<{ id: string }> }>(await t.api('GET', `/v1/payment-profiles?expiringIn=${expYear}-${String(expMonth).padStart(2, '0')}`));
    expect(expiring.data).toHaveLength(1);
    expect(seedExpiry(1 + SEED_EXPIRY_MONTHS, t.deps.clock.now())).toEqual({ expMonth, expYear });
  });

  it('gives another merchant nothing to see', async () => {
    t = await makeTestApp();
    await seedVault(t.deps, { merchantId: t.merchant.id, profiles: 5, tag: 'st' });
    expect(await json(await t.otherApi('GET', '/v1/customers?merchantCustomerId=st-0'))).toMatchObject({ data: [] });
  });
});
