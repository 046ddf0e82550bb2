/** The Standard Webhooks retry schedule: after attempt n fails, the next comes RETRY_DELAYS_MS[n − 1] later. */
export const RETRY_DELAYS_MS = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000);
/** The first attempt and one per retry; after the last the delivery has failed. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * How long to wait after failed attempt `attempt` (1-based), ±10 % jitter so that endpoints that
 * failed together do not all come back at once; `scale` shrinks the schedule (tests only).
 */
export function retryDelayMs(attempt: number, scale = 1, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * scale * (0.9 + 0.2 * random()));
}
