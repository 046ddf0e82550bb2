import { TransactionListQuery } from '@cim/shared';
import { Hono } from 'hono';
import { listExpiringIn } from '../../domain/payment-profiles.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';

/** Mounted at /console/api/expiring-cards: cards that expire at the end of next month (UTC). */
export function consoleExpiringCards() {
  return new Hono<AppEnv>().get('/', staffAction('expiring_cards.read'), validate('query', TransactionListQuery), async (c) => {
    const now = c.var.domain.clock.now();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const month = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1 };
    const q = c.req.valid('query');
    return c.json({ month, ...(await listExpiringIn(c.var.domain, month, { cursor: q.cursor, limit: q.limit ?? 50 })) });
  });
}
