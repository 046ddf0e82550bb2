import type { BenchScenario } from '../scenario.ts';
import { seeded, seededMonth } from './seeded.ts';

/** The first page (up to 50) of cards expiring in a month; each month holds 1/60 of the vault. */
export const scenario: BenchScenario = {
  name: 'expiring-page',
  description: 'GET /v1/payment-profiles?expiringIn=YYYY-MM&limit=50 (first page of 1/60 of the vault)',
  prepare: async (ctx) => {
    const s = seeded(ctx);
    return async (i, c) => {
      const res = await c.request('GET', `/v1/payment-profiles?expiringIn=${seededMonth(i)}&limit=50`, { headers: s.auth });
      if (res.status !== 200 || (res.body as { data: unknown[] }).data.length === 0) throw new Error(`expiring page: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    };
  },
};

export default scenario;
