import { Webhook } from 'standardwebhooks';
import type { WebhookEventRecord } from '../store/types.ts';

/** The body a receiver gets: the Standard Webhooks shape, {type, timestamp, data}, plus the event id. */
export function eventBody(event: WebhookEventRecord): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.createdAt, data: JSON.parse(event.payload) as unknown });
}

/**
 * The Standard Webhooks headers for one attempt: the same webhook-id (the event id) on every
 * attempt and redelivery, so receivers can drop repeats; the timestamp and signature of this send.
 */
export function signedHeaders(secret: string, eventId: string, sentAt: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'CIM-Webhooks/1',
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, sentAt, body),
  };
}
