// No zod here: the console imports this list, and its bundle (and strict CSP) stays free of zod.

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
