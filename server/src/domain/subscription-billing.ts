import type { AppDeps } from '../deps.ts';
import { CimError } from '../errors.ts';
import type { SubscriptionOccurrenceRecord, SubscriptionRecord } from '../store/types.ts';
import { merchantProcessors } from './merchant-processors.ts';
import { formatAmount } from './money.ts';
import { afterOccurrence, occurrenceAmount, utcDate } from './subscription-schedule.ts';
import type { TransactionContext } from './transaction-context.ts';
import { createTransaction } from './transactions.ts';

/** A claim left without an answer this long is presumed abandoned (its instance crashed) and is retried. */
const ABANDONED_MS = 2 * 60_000;
const BATCH = 100;

/** The charge's Idempotency-Key: one per subscription and occurrence, so a retry resumes the same transaction. */
export const occurrenceKey = (subscriptionId: string, occurrence: number) => `cim-arb:${subscriptionId}:${occurrence}`;

/** Reads "cim-arb:<id>:<n>" back (reports name the subscription and payment number of a transaction). */
export function occurrenceOfKey(key: string | null): { subscriptionId: string; occurrence: number } | null {
  const m = key === null ? null : /^cim-arb:(\d+):(\d+)$/.exec(key);
  return m ? { subscriptionId: m[1]!, occurrence: Number(m[2]) } : null;
}

const contextFor = (deps: AppDeps, merchantId: string): TransactionContext => ({
  store: deps.store, keyring: deps.keyring, clock: deps.clock, processors: merchantProcessors(deps, merchantId), signingKeys: deps.signingKeys, merchantId, actor: 'scheduler', clientAddress: null,
});

/**
 * Claims occurrence `n` and moves the schedule on, in one commit. The claim is
 * the insert of (subscription, occurrence): on a second instance, or after a
 * restart, the same insert does nothing and that caller charges nothing.
 */
async function claim(deps: AppDeps, s: SubscriptionRecord, now: Date): Promise<SubscriptionOccurrenceRecord | null> {
  const n = s.nextOccurrence;
  const occurrence: SubscriptionOccurrenceRecord = { subscriptionId: s.id, occurrence: n, merchantId: s.merchantId, dueDate: s.nextDueDate!, amountMinor: occurrenceAmount(s, n), claimedAt: now.toISOString(), transactionId: null };
  return deps.store.transaction(async (tx) => {
    if (!(await tx.subscriptions.claimOccurrence(occurrence))) return null;
    const next = afterOccurrence(s, n);
    const moved = await tx.subscriptions.advance(s.merchantId, s.id, n, { ...next, status: next.nextDueDate === null ? 'expired' : 'active', updatedAt: now.toISOString() });
    // The row changed since it was read (a cancel, an update): give the claim back by failing the commit.
    if (!moved) throw new CimError('conflict', 'The subscription changed while its occurrence was claimed.');
    return occurrence;
  });
}

/** Charges a claimed occurrence. Safe to repeat: the Idempotency-Key makes a retry resume, never charge again. */
async function charge(deps: AppDeps, o: SubscriptionOccurrenceRecord): Promise<void> {
  const ctx = contextFor(deps, o.merchantId);
  const s = await deps.store.subscriptions.get(o.merchantId, o.subscriptionId);
  if (!s) return;
  try {
    const view = await createTransaction(
      ctx,
      {
        type: 'authCapture',
        amount: formatAmount(o.amountMinor, s.currency),
        currency: s.currency,
        customerProfileId: s.customerId,
        paymentProfileId: s.paymentProfileId,
        ...(s.shippingAddressId !== null && { shippingAddressId: s.shippingAddressId }),
        ...(s.orderId !== null && { orderId: s.orderId }),
        description: s.description ?? s.name ?? `Subscription ${s.id}`,
      },
      { idempotencyKey: occurrenceKey(s.id, o.occurrence) },
    );
    if (view.status === 'pending') return; // the processor's answer was lost: the next round resumes it
    await deps.store.subscriptions.finishOccurrence(o.merchantId, s.id, o.occurrence, view.id);
    // As on Authorize.Net: a declined first payment suspends the subscription; later declines are only reported.
    if (o.occurrence === 1 && view.status !== 'approved' && view.status !== 'heldForReview') {
      await deps.store.subscriptions.update(o.merchantId, s.id, { status: 'suspended', updatedAt: deps.clock.now().toISOString() });
    }
  } catch (error) {
    if (!(error instanceof CimError)) throw error;
    // Another instance is charging this occurrence right now (same key): it will record the answer.
    if (error.code === 'idempotency_in_progress') return;
    // The profile or payment profile is gone: nothing can be charged any more.
    if (error.code === 'not_found') {
      await deps.store.subscriptions.update(o.merchantId, s.id, { status: 'terminated', updatedAt: deps.clock.now().toISOString() });
      return;
    }
    if (error.code !== 'processor_error') throw error;
  }
}

/**
 * The scheduler's subscription step: first finishes claims an earlier round (or
 * another instance) left without an answer, then claims and charges every due
 * occurrence, catching up one occurrence at a time after downtime.
 */
export async function chargeDueSubscriptions(deps: AppDeps, now: Date): Promise<number> {
  let charged = 0;
  for (const o of await deps.store.subscriptions.listUnfinishedOccurrences(new Date(now.getTime() - ABANDONED_MS).toISOString(), BATCH)) {
    const s = await deps.store.subscriptions.get(o.merchantId, o.subscriptionId);
    if (s && s.status !== 'terminated') await charge(deps, o);
  }
  const today = utcDate(now);
  for (let round = 0; round < 1000; round++) {
    const due = await deps.store.subscriptions.listDue(today, BATCH);
    if (due.length === 0) break;
    let claimedAny = false;
    for (const s of due) {
      let o: SubscriptionOccurrenceRecord | null = null;
      try {
        o = await claim(deps, s, now);
      } catch (error) {
        if (!(error instanceof CimError && error.code === 'conflict')) throw error;
      }
      if (!o) continue;
      claimedAny = true;
      await charge(deps, o);
      charged++;
    }
    // Every due row was claimed by someone else meanwhile: they will charge it.
    if (!claimedAny) break;
  }
  return charged;
}
