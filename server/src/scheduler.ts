import type { AppDeps } from './deps.ts';
import { continueDataKeyRotations } from './domain/data-key-rotation.ts';
import { settleAllDue } from './domain/settlement.ts';
import { announceExpiringCards } from './domain/expiring-events.ts';
import { chargeDueSubscriptions } from './domain/subscription-billing.ts';
import { pruneWebhookLog } from './domain/webhook-retention.ts';

/** What one round does; each step is safe on several instances sharing a database (conditional writes only). */
export type SchedulerStep = (deps: AppDeps, now: Date) => Promise<unknown>;

/**
 * Runs `step` at most once an hour per process. Only to save work: correctness comes from the
 * step's claims in the database, so a restart or another instance running it sooner is harmless.
 */
function hourly(step: SchedulerStep): SchedulerStep {
  let last = -Infinity;
  return async (deps, now) => {
    if (Math.abs(now.getTime() - last) < 3_600_000) return;
    last = now.getTime();
    await step(deps, now);
  };
}

/** Each step only claims work by conditional writes, so the order does not matter for correctness. */
const STEPS: Record<string, SchedulerStep> = {
  subscriptions: chargeDueSubscriptions,
  settlement: (deps, now) => settleAllDue(deps.store, now),
  expiringCards: hourly(announceExpiringCards),
  webhookRetention: hourly(pruneWebhookLog),
  // A data-key rotation begun by `cim keys rotate-data` and not finished (stopped, or left to run here).
  dataKeys: continueDataKeyRotations,
};

/** One round at the clock's now: every step, each failure logged (name and stack only) without stopping the others. */
export async function runSchedulerOnce(deps: AppDeps): Promise<void> {
  for (const [name, step] of Object.entries(STEPS)) {
    try {
      await step(deps, deps.clock.now());
    } catch (error) {
      deps.logger.error('scheduler step failed', { step: name, name: (error as Error)?.name, stack: (error as Error)?.stack });
    }
  }
}

/**
 * Runs a round every `intervalMs` (one at a time: a slow round delays the next
 * rather than overlapping it). Nothing is remembered in memory between rounds,
 * so a restart, or a second instance, picks up exactly where the database says.
 */
export function startScheduler(deps: AppDeps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : runSchedulerOnce(deps)));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
