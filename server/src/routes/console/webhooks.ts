import { WebhookEndpointCreate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, updateWebhookEndpoint } from '../../domain/webhook-endpoints.ts';
import { recentDeliveries, redeliverEvent } from '../../domain/webhook-log.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';

const RECENT = 50;
const Enabled = z.object({ enabled: z.boolean() }).strict();
const NoBody = z.object({}).strict();

/**
 * Mounted at /console/api/webhooks: endpoints and their recent deliveries for every staff role;
 * adding, disabling, removing an endpoint and redelivering an event for admins.
 */
export function consoleWebhooks(deps: Pick<AppDeps, 'config'>) {
  const policy = { allowPrivate: deps.config.CIM_WEBHOOKS_ALLOW_PRIVATE === '1' };
  return new Hono<AppEnv>()
    .get('/', staffAction('webhooks.read'), async (c) => {
      const ctx = c.var.domain;
      const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(ctx), recentDeliveries(ctx, undefined, RECENT)]);
      // Each delivery with its event's type, for people reading the list.
      const types = new Map<string, string>();
      for (const id of new Set(deliveries.map((d) => d.eventId))) types.set(id, (await ctx.store.webhooks.getEvent(ctx.merchantId, id))?.type ?? 'unknown');
      return c.json({ endpoints, deliveries: deliveries.map((d) => ({ ...d, eventType: types.get(d.eventId)! })) });
    })
    .post('/endpoints', staffAction('webhook_endpoint.add', 'admin', 'webhook_endpoint'), validate('json', WebhookEndpointCreate), async (c) =>
      // The signing secret is shown once, never cached.
      c.json(await createWebhookEndpoint(c.var.domain, policy, c.req.valid('json')), 201, { 'Cache-Control': 'no-store' }),
    )
    .patch('/endpoints/:id', staffAction('webhook_endpoint.update', 'admin', 'webhook_endpoint'), validate('json', Enabled), async (c) =>
      c.json(await updateWebhookEndpoint(c.var.domain, policy, c.req.param('id'), c.req.valid('json'))),
    )
    .delete('/endpoints/:id', staffAction('webhook_endpoint.remove', 'admin', 'webhook_endpoint'), async (c) => {
      await deleteWebhookEndpoint(c.var.domain, c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/events/:id/redeliver', staffAction('event.redeliver', 'admin', 'event'), validate('json', NoBody), async (c) =>
      c.json(await redeliverEvent(c.var.domain, c.req.param('id')), 202),
    );
}
