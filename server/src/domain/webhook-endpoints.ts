import { randomBytes } from 'node:crypto';
import type { WebhookEndpointCreate, WebhookEndpointUpdate, WebhookEndpointView, WebhookEventType } from '@cim/shared';
import { NotFoundError } from '../errors.ts';
import { isRecordId, newNumericId } from '../ids.ts';
import type { Stores, WebhookEndpointRecord } from '../store/types.ts';
import { checkEndpointUrl } from '../webhooks/addresses.ts';
import { audit } from './audit.ts';
import { nowIso, type DomainContext } from './context.ts';

/** A Standard Webhooks secret: whsec_ and the base64 of 32 random bytes (the HMAC-SHA256 key). */
const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** What endpoint rules depend on beyond the merchant: whether tests may use http on loopback. */
export interface WebhookPolicy {
  allowPrivate: boolean;
}

export function webhookEndpointView(r: WebhookEndpointRecord, secret?: string): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events as WebhookEventType[],
    enabled: r.enabled,
    disabledReason: r.disabledReason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(secret !== undefined && { secret }),
  };
}

export async function requireWebhookEndpoint(ctx: DomainContext, stores: Pick<Stores, 'webhooks'>, id: string): Promise<WebhookEndpointRecord> {
  const found = isRecordId(id) ? await stores.webhooks.getEndpoint(ctx.merchantId, id) : null;
  if (!found) throw new NotFoundError('Webhook endpoint');
  return found;
}

const record = { type: 'webhook_endpoint' } as const;

/** Creates an endpoint; the answer is the only time its secret is shown (until a rotation). */
export async function createWebhookEndpoint(ctx: DomainContext, policy: WebhookPolicy, input: WebhookEndpointCreate): Promise<WebhookEndpointView> {
  const url = checkEndpointUrl(input.url, policy.allowPrivate);
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const id = newNumericId();
  const secret = newWebhookSecret();
  const now = nowIso(ctx);
  const endpoint: WebhookEndpointRecord = {
    id,
    merchantId: ctx.merchantId,
    url,
    description: input.description || null,
    events: [...new Set(input.events ?? [])],
    enabled: true,
    disabledReason: null,
    secretCt: crypto.seal(id, 'webhookSecret', secret),
    keyVersion: crypto.keyVersion,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.webhooks.insertEndpoint(endpoint);
    await audit(ctx, tx, 'webhook_endpoint.create', { ...record, id }, 'success', url);
  });
  return webhookEndpointView(endpoint, secret);
}

export async function listWebhookEndpoints(ctx: DomainContext): Promise<WebhookEndpointView[]> {
  return (await ctx.store.webhooks.listEndpoints(ctx.merchantId)).map((e) => webhookEndpointView(e));
}

export async function getWebhookEndpoint(ctx: DomainContext, id: string): Promise<WebhookEndpointView> {
  return webhookEndpointView(await requireWebhookEndpoint(ctx, ctx.store, id));
}

/** Changes the URL, events or description, or enables (clearing why it was disabled) or disables it. */
export async function updateWebhookEndpoint(ctx: DomainContext, policy: WebhookPolicy, id: string, patch: WebhookEndpointUpdate): Promise<WebhookEndpointView> {
  const url = patch.url === undefined ? undefined : checkEndpointUrl(patch.url, policy.allowPrivate);
  const updated = await ctx.store.transaction(async (tx) => {
    await requireWebhookEndpoint(ctx, tx, id);
    const result = await tx.webhooks.updateEndpoint(ctx.merchantId, id, {
      ...(url !== undefined && { url }),
      ...(patch.events !== undefined && { events: [...new Set(patch.events)] }),
      ...(patch.description !== undefined && { description: patch.description || null }),
      ...(patch.enabled !== undefined && { enabled: patch.enabled, disabledReason: patch.enabled ? null : 'Disabled by the merchant.' }),
      updatedAt: nowIso(ctx),
    });
    await audit(ctx, tx, 'webhook_endpoint.update', { ...record, id }, 'success', Object.keys(patch).join(','));
    return result;
  });
  return webhookEndpointView(updated);
}

export async function deleteWebhookEndpoint(ctx: DomainContext, id: string): Promise<void> {
  await requireWebhookEndpoint(ctx, ctx.store, id);
  await ctx.store.transaction(async (tx) => {
    await tx.webhooks.deleteEndpoint(ctx.merchantId, id);
    await audit(ctx, tx, 'webhook_endpoint.delete', { ...record, id });
  });
}

/** A new secret, effective for every attempt from now on; shown in this answer only. */
export async function rotateWebhookSecret(ctx: DomainContext, id: string): Promise<WebhookEndpointView> {
  await requireWebhookEndpoint(ctx, ctx.store, id);
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const secret = newWebhookSecret();
  const updated = await ctx.store.transaction(async (tx) => {
    const result = await tx.webhooks.updateEndpoint(ctx.merchantId, id, { secretCt: crypto.seal(id, 'webhookSecret', secret), keyVersion: crypto.keyVersion, updatedAt: nowIso(ctx) });
    await audit(ctx, tx, 'webhook_endpoint.rotate_secret', { ...record, id });
    return result;
  });
  return webhookEndpointView(updated, secret);
}
