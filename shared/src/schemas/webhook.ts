import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events.ts';
import { noCardData } from './free-text.ts';

export const WEBHOOK_LIMITS = { url: 2048, description: 255 } as const;

const url = z.url({ protocol: /^https?$/, error: 'Give the absolute https URL that receives the events.' }).max(WEBHOOK_LIMITS.url);
const events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length);
const description = noCardData(z.string().trim().max(WEBHOOK_LIMITS.description));

/** POST /v1/webhook-endpoints. No `events` (or an empty list): every event. */
export const WebhookEndpointCreate = z.object({ url, events: events.optional(), description: description.optional() }).strict();
export type WebhookEndpointCreate = z.infer<typeof WebhookEndpointCreate>;

/** PATCH /v1/webhook-endpoints/:id. */
export const WebhookEndpointUpdate = z.object({ url: url.optional(), events: events.optional(), description: description.nullable().optional(), enabled: z.boolean().optional() }).strict();
export type WebhookEndpointUpdate = z.infer<typeof WebhookEndpointUpdate>;

/** GET /v1/events. */
export const EventQuery = z
  .object({
    type: z.enum(WEBHOOK_EVENT_TYPES).optional(),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();
export type EventQuery = z.infer<typeof EventQuery>;

/** GET /v1/webhook-endpoints/:id/deliveries. */
export const WebhookDeliveryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }).strict();

/** POST /v1/events/:id/redeliver: to every endpoint that takes the event, or to one. */
export const EventRedeliver = z.object({ endpointId: z.string().regex(/^[1-9]\d{0,15}$/, 'Give the id of one of your webhook endpoints.').optional() }).strict();
export type EventRedeliver = z.infer<typeof EventRedeliver>;

export const WebhookEndpointView = z.strictObject({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  /** Empty: every event. */
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The whsec_ signing secret: only in the answer that created or rotated it. */
  secret: z.string().optional(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export const WebhookAttemptView = z.strictObject({
  attempt: z.number().int(),
  at: z.string(),
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttemptView = z.infer<typeof WebhookAttemptView>;

export const WebhookDeliveryView = z.strictObject({
  id: z.string(),
  eventId: z.string(),
  endpointId: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attemptLog: z.array(WebhookAttemptView).optional(),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

/** What a receiver gets as the body, and GET /v1/events/:id (with its deliveries). */
export const WebhookEventView = z.strictObject({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
  deliveries: z.array(WebhookDeliveryView).optional(),
});
export type WebhookEventView = z.infer<typeof WebhookEventView>;

export const WebhookEndpointList = z.strictObject({ data: z.array(WebhookEndpointView), nextCursor: z.null() });
export const WebhookDeliveryList = z.strictObject({ data: z.array(WebhookDeliveryView), nextCursor: z.null() });
export const WebhookEventList = z.strictObject({ data: z.array(WebhookEventView), nextCursor: z.string().nullable() });
export const RedeliveryView = z.strictObject({ deliveries: z.array(WebhookDeliveryView) });
