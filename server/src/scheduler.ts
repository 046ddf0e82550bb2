import type { AppDeps } from './deps.ts';
import { settleAllDue } from './domain/settlement.ts';

/** What one round does; each step is safe on several instances sharing a database (conditional writes only). */
export type SchedulerStep = (deps: AppDeps, now: Date) => Promise<unknown>;

const STEPS: Record<string, SchedulerStep> = {
  settlement: (deps, now) => settleAllDue(deps.store, now),
};

/** Registers another step (subscriptions add theirs), keeping this file free of their imports. */
export function addSchedulerStep(name: string, step: SchedulerStep): void {
  STEPS[name] = step;
}

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
