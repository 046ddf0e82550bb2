import { z } from 'zod';
import { noCardData } from './free-text.ts';

/** Every event CIM sends (docs/webhooks.md). */
export const WEBHOOK_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'payment_profile.created',
  'payment_profile.updated',
  'payment_profile.deleted',
  'payment_profile.expiring',
  'transaction.approved',
  'transaction.declined',
  'transaction.held',
  'transaction.captured',
  'transaction.voided',
  'transaction.refunded',
  'token.redeemed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

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

/** POST /v1/events/:id/redeliver: to every endpoint that takes the event, or to one. */
export const EventRedeliver = z.object({ endpointId: z.string().regex(/^[1-9]\d{0,15}$/, 'Give the id of one of your webhook endpoints.').optional() }).strict();
export type EventRedeliver = z.infer<typeof EventRedeliver>;

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  /** Empty: every event. */
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** The whsec_ signing secret: only in the answer that created or rotated it. */
  secret?: string;
}

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  responseStatus: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  endpointId: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  attemptLog?: WebhookAttemptView[];
}

/** What a receiver gets as the body, and GET /v1/events/:id (with its deliveries). */
export interface WebhookEventView {
  id: string;
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
  deliveries?: WebhookDeliveryView[];
}
