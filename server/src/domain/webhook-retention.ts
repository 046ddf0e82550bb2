import type { AppDeps } from '../deps.ts';

const DAY_MS = 86_400_000;
/** The event log keeps 30 days (as Stripe's does): far past the last retry (about 3 days after an event). */
export const EVENT_RETENTION_DAYS = 30;
/** An expiry claim only matters during the month it was made in (the sweep announces next month's cards). */
const NOTICE_RETENTION_DAYS = 40;
const BATCH = 1000;

/** Deletes every merchant's events (with deliveries and attempts) and expiry claims past retention, in bounded batches. */
export async function pruneWebhookLog(deps: Pick<AppDeps, 'store'>, now: Date): Promise<number> {
  const eventsBefore = new Date(now.getTime() - EVENT_RETENTION_DAYS * DAY_MS).toISOString();
  const noticesBefore = new Date(now.getTime() - NOTICE_RETENTION_DAYS * DAY_MS).toISOString();
  let deleted = 0;
  for (const merchant of await deps.store.merchants.list()) {
    for (let n = BATCH; n === BATCH; deleted += n) n = await deps.store.webhooks.deleteEventsBefore(merchant.id, eventsBefore, BATCH);
    await deps.store.webhooks.deleteExpiryNoticesBefore(merchant.id, noticesBefore);
  }
  return deleted;
}
