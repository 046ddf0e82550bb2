import type { AppDeps } from '../deps.ts';
import { expiryText } from './payment-profiles.ts';
import { emit, paymentProfileEventData } from './webhook-events.ts';

const PAGE = 200;

/** The month after `now` (UTC). */
export function nextMonth(now: Date): { year: number; month: number } {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1 };
}

/**
 * payment_profile.expiring for every stored card that expires next month, once per card and month:
 * each event is appended in the same commit as its claim (merchant, card, month), so instances
 * sweeping together announce each card once, and a sweep cut short is finished by the next one.
 * Returns how many events this call appended.
 */
export async function announceExpiringCards(deps: Pick<AppDeps, 'store' | 'keyring' | 'clock'>, now: Date): Promise<number> {
  const { year, month } = nextMonth(now);
  const monthKey = expiryText(month, year);
  const clock = { now: () => now };
  let announced = 0;
  for (const merchant of await deps.store.merchants.list()) {
    const crypto = await deps.keyring.forMerchant(deps.store, merchant.id);
    const tag = crypto.fingerprint('expiry', monthKey);
    let cursor: string | undefined;
    do {
      const page = await deps.store.paymentProfiles.listByExpiryTag(merchant.id, tag, { cursor, limit: PAGE });
      for (const card of page.rows.filter((p) => !p.provisionalSessionId)) {
        const claimed = await deps.store.transaction(async (tx) => {
          if (!(await tx.webhooks.claimExpiryNotice(merchant.id, card.id, monthKey, now.toISOString()))) return false;
          await emit({ merchantId: merchant.id, clock }, tx, 'payment_profile.expiring', paymentProfileEventData(card, { expMonth: month, expYear: year }));
          return true;
        });
        if (claimed) announced++;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return announced;
}
