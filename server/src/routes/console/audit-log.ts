import { ConsoleAuditQuery } from '@cim/shared';
import { Hono } from 'hono';
import { searchAuditLog } from '../../domain/audit-search.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';

/** A date alone ("2026-06-15") means that day in UTC: since its start, until the next day's. */
const dayStart = (v: string | undefined, plusDays = 0) => {
  if (v === undefined || v.includes('T')) return v;
  return new Date(Date.parse(`${v}T00:00:00Z`) + plusDays * 86_400_000).toISOString();
};

/** Mounted at /console/api/audit: the merchant's audit log with filters, newest first. */
export function consoleAuditLog() {
  return new Hono<AppEnv>().get('/', staffAction('audit.read'), validate('query', ConsoleAuditQuery), async (c) => {
    const q = c.req.valid('query');
    const since = dayStart(q.since);
    const until = dayStart(q.until, 1);
    const filter = {
      ...(q.actor !== undefined && { actor: q.actor }),
      ...(q.action !== undefined && { action: q.action }),
      ...(q.outcome !== undefined && { outcome: q.outcome }),
      ...(q.recordId !== undefined && { recordId: q.recordId }),
      ...(since !== undefined && { since: new Date(since).toISOString() }),
      ...(until !== undefined && { until: new Date(until).toISOString() }),
      ...(q.cursor !== undefined && { cursor: q.cursor }),
    };
    return c.json(await searchAuditLog(c.var.domain, filter, q.limit ?? 50));
  });
}
