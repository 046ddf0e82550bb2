import type { EventQuery, Page, WebhookDeliveryView, WebhookEventType, WebhookEventView } from '@cim/shared';
import { NotFoundError } from '../errors.ts';
import { isRecordId } from '../ids.ts';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEventRecord } from '../store/types.ts';
import { nowIso, type DomainContext } from './context.ts';
import { requireWebhookEndpoint } from './webhook-endpoints.ts';

export const webhookEventView = (e: WebhookEventRecord): WebhookEventView => ({
  id: e.id,
  type: e.type as WebhookEventType,
  timestamp: e.createdAt,
  data: JSON.parse(e.payload) as Record<string, unknown>,
});

export function webhookDeliveryView(d: WebhookDeliveryRecord, attempts?: WebhookAttemptRecord[]): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    endpointId: d.endpointId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastResponseStatus: d.lastResponseStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    ...(attempts && { attemptLog: attempts.map(({ attempt, at, responseStatus, durationMs, responseBody, error }) => ({ attempt, at, responseStatus, durationMs, responseBody, error })) }),
  };
}

async function requireEvent(ctx: DomainContext, id: string): Promise<WebhookEventRecord> {
  const found = isRecordId(id) ? await ctx.store.webhooks.getEvent(ctx.merchantId, id) : null;
  if (!found) throw new NotFoundError('Event');
  return found;
}

export async function listEvents(ctx: DomainContext, query: EventQuery): Promise<Page<WebhookEventView>> {
  const result = await ctx.store.webhooks.listEvents(ctx.merchantId, { cursor: query.cursor, limit: query.limit ?? 20 }, { type: query.type });
  return { data: result.rows.map(webhookEventView), nextCursor: result.nextCursor };
}

/** The event with each of its deliveries and their attempts. */
export async function getEvent(ctx: DomainContext, id: string): Promise<WebhookEventView> {
  const event = await requireEvent(ctx, id);
  const deliveries = await ctx.store.webhooks.listDeliveriesForEvent(ctx.merchantId, id);
  const attempts = await Promise.all(deliveries.map((d) => ctx.store.webhooks.listAttempts(ctx.merchantId, d.id)));
  return { ...webhookEventView(event), deliveries: deliveries.map((d, i) => webhookDeliveryView(d, attempts[i])) };
}

/**
 * Sends a stored event again, now, to every enabled endpoint that takes it or to one endpoint: new
 * deliveries on a fresh schedule, with the event's webhook-id, so receivers still see one message.
 */
export async function redeliverEvent(ctx: DomainContext, id: string, endpointId?: string): Promise<{ deliveries: WebhookDeliveryView[] }> {
  await requireEvent(ctx, id);
  if (endpointId !== undefined) await requireWebhookEndpoint(ctx, ctx.store, endpointId);
  const before = new Set((await ctx.store.webhooks.listDeliveriesForEvent(ctx.merchantId, id)).map((d) => d.id));
  await ctx.store.webhooks.enqueueDeliveries(ctx.merchantId, id, nowIso(ctx), endpointId);
  const after = await ctx.store.webhooks.listDeliveriesForEvent(ctx.merchantId, id);
  return { deliveries: after.filter((d) => !before.has(d.id)).map((d) => webhookDeliveryView(d)) };
}

/** The newest deliveries (of one endpoint or all), for the console. */
export async function recentDeliveries(ctx: DomainContext, endpointId: string | undefined, limit: number): Promise<WebhookDeliveryView[]> {
  return (await ctx.store.webhooks.listDeliveries(ctx.merchantId, { endpointId }, limit)).map((d) => webhookDeliveryView(d));
}
