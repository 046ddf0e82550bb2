import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { scrub } from '../logger.ts';
import type { WebhookDeliveryRecord } from '../store/types.ts';
import { eventBody, signedHeaders } from './message.ts';
import { postOnce } from './post.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './schedule.ts';

type WorkerDeps = Pick<AppDeps, 'store' | 'keyring' | 'clock' | 'config' | 'logger'>;

/** Deliveries one round claims at most. */
const BATCH = 20;
const MAX_RESPONSE_BYTES = 64 * 1024;
/** What an attempt keeps of the answer, for the event log. */
const KEPT_RESPONSE_CHARS = 1024;

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** One attempt of a claimed delivery, recorded only while this round still holds its lease. */
async function attempt(deps: WorkerDeps, delivery: WebhookDeliveryRecord, token: string): Promise<void> {
  const { store } = deps;
  const [event, endpoint] = await Promise.all([store.webhooks.getEvent(delivery.merchantId, delivery.eventId), store.webhooks.getEndpoint(delivery.merchantId, delivery.endpointId)]);
  // Deleted meanwhile (the delivery went with it): nothing to send.
  if (!event || !endpoint) return;
  const crypto = await deps.keyring.forMerchant(store, delivery.merchantId);
  const body = eventBody(event);
  // The receiver checks webhook-timestamp against its own clock, so it is the real time of sending.
  const headers = signedHeaders(crypto.open(endpoint.id, 'webhookSecret', endpoint.secretCt), event.id, new Date(), body);
  const result = await postOnce(new URL(endpoint.url), headers, body, {
    timeoutMs: deps.config.CIM_WEBHOOKS_TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    allowPrivate: deps.config.CIM_WEBHOOKS_ALLOW_PRIVATE === '1',
  });
  const now = deps.clock.now();
  const number = delivery.attempts + 1;
  const gone = result.status === 410;
  const delay = retryDelayMs(number, deps.config.CIM_WEBHOOKS_RETRY_SCALE);
  const status = isSuccess(result.status) ? 'succeeded' : gone || delay === null || number >= MAX_ATTEMPTS ? 'failed' : 'pending';
  const error = result.error ?? (isSuccess(result.status) ? null : `HTTP ${result.status}`);
  await store.transaction(async (tx) => {
    const finished = await tx.webhooks.finishAttempt(delivery.merchantId, delivery.id, token, {
      status,
      nextAttemptAt: status === 'pending' ? new Date(now.getTime() + delay!).toISOString() : null,
      lastResponseStatus: result.status,
      lastError: error,
      updatedAt: now.toISOString(),
    });
    // The lease ran out and another worker took the delivery over: its record stands.
    if (!finished) return;
    await tx.webhooks.insertAttempt({
      merchantId: delivery.merchantId,
      deliveryId: delivery.id,
      attempt: number,
      at: now.toISOString(),
      responseStatus: result.status,
      durationMs: result.durationMs,
      responseBody: result.body === null ? null : scrub(result.body.slice(0, KEPT_RESPONSE_CHARS)),
      error: result.error === null ? null : scrub(result.error),
    });
    if (gone) await tx.webhooks.updateEndpoint(delivery.merchantId, delivery.endpointId, { enabled: false, disabledReason: 'The endpoint answered 410 Gone.', updatedAt: now.toISOString() });
  });
}

/**
 * How long a claim holds a delivery: well past the attempt's timeout, so a live worker keeps it;
 * short enough that the deliveries of a worker that died are attempted again soon.
 */
const leaseMs = (deps: WorkerDeps) => 2 * deps.config.CIM_WEBHOOKS_TIMEOUT_MS + 5_000;

/**
 * One round: claims the due deliveries (every instance may run this at once; the claim is one
 * conditional UPDATE, so each attempt is made by one of them) and attempts them. A worker that
 * dies mid-attempt leaves its lease to run out; the delivery is then attempted again, with the
 * same webhook-id. Returns how many it claimed.
 */
export async function deliverDueOnce(deps: WorkerDeps, batch = BATCH): Promise<number> {
  const now = deps.clock.now();
  const token = randomBytes(12).toString('base64url');
  const claimed = await deps.store.webhooks.claimDue(now.toISOString(), new Date(now.getTime() + leaseMs(deps)).toISOString(), token, batch);
  await Promise.all(
    claimed.map((d) =>
      attempt(deps, d, token).catch((error: unknown) => {
        deps.logger.error('webhook attempt failed', { deliveryId: d.id, name: (error as Error)?.name, stack: (error as Error)?.stack });
      }),
    ),
  );
  return claimed.length;
}

/** Runs rounds every CIM_WEBHOOKS_POLL_MS (at once again after a full batch), one at a time, until stopped. */
export function startWebhookWorker(deps: WorkerDeps): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    let claimed = 0;
    try {
      claimed = await deliverDueOnce(deps);
    } catch (error) {
      deps.logger.error('webhook round failed', { name: (error as Error)?.name, stack: (error as Error)?.stack });
    }
    if (!stopped) schedule(claimed === BATCH ? 0 : deps.config.CIM_WEBHOOKS_POLL_MS);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = round();
    }, ms);
    timer.unref();
  };
  schedule(deps.config.CIM_WEBHOOKS_POLL_MS);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
