import type { BenchContext } from '../scenario.ts';
import { SEED_EXPIRY_MONTHS, seedExpiry } from '../../src/domain/seed.ts';

/** What bench/scale.ts seeded: `customers` customers whose merchantCustomerIds are `<tag>-0` … `<tag>-(customers-1)`. */
export interface Seeded {
  tag: string;
  customers: number;
  auth: Record<string, string>;
}

export function seeded(ctx: BenchContext): Seeded {
  const customers = Number(ctx.params.customers);
  if (!ctx.params.tag || !Number.isInteger(customers) || customers < 1) throw new Error('scale scenarios need params.tag and params.customers (bench/scale.ts)');
  return { tag: ctx.params.tag, customers, auth: { authorization: `Bearer ${ctx.merchant.secretKey}` } };
}

/** A deterministic spread over the whole seeded range, so reads are not all served from one hot page. */
export const spread = (i: number, n: number) => (i * 2_654_435_761) % n;

/** `YYYY-MM` of one of the months the seed spread its expiries over. */
export function seededMonth(i: number): string {
  const { expMonth, expYear } = seedExpiry(i % SEED_EXPIRY_MONTHS, new Date());
  return `${expYear}-${String(expMonth).padStart(2, '0')}`;
}

/** Customer ids for `count` seeded customers spread over the range, found by merchantCustomerId. */
export async function seededCustomerIds(ctx: BenchContext, s: Seeded, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await ctx.request('GET', `/v1/customers?merchantCustomerId=${s.tag}-${spread(i, s.customers)}`, { headers: s.auth });
    const id = (res.body as { data?: Array<{ id: string }> }).data?.[0]?.id;
    if (res.status !== 200 || !id) throw new Error(`seeded customer lookup: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(id);
  }
  return ids;
}
