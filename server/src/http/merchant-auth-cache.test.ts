import { describe, expect, it } from 'vitest';
import type { MerchantRecord } from '../store/types.ts';
import { MERCHANT_CACHE_MS, MerchantAuthCache } from './merchant-auth-cache.ts';

const merchant = { id: 'mer_1', name: 'Shop' } as MerchantRecord;

describe('MerchantAuthCache', () => {
  it('reuses a found merchant for a few seconds, then asks the store again', async () => {
    let now = 1_000;
    const cache = new MerchantAuthCache(() => now);
    let loads = 0;
    const load = async () => (loads++, merchant);
    expect(await cache.get('h', load)).toBe(merchant);
    expect(await cache.get('h', load)).toBe(merchant);
    expect(loads).toBe(1);
    now += MERCHANT_CACHE_MS;
    await cache.get('h', load);
    expect(loads).toBe(2);
  });

  it('never keeps an unknown key: the next call asks the store (and may find a new merchant)', async () => {
    const cache = new MerchantAuthCache(() => 0);
    let found: MerchantRecord | null = null;
    let loads = 0;
    const load = async () => (loads++, found);
    expect(await cache.get('h', load)).toBeNull();
    found = merchant;
    expect(await cache.get('h', load)).toBe(merchant);
    expect(loads).toBe(2);
  });
});
