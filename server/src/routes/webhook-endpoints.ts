import { WebhookDeliveryQuery, WebhookEndpointCreate, WebhookEndpointUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../domain/webhook-endpoints.ts';
import { recentDeliveries } from '../domain/webhook-log.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const IdParam = z.object({ id: z.string() });
const NoBody = z.object({}).strict();

/** /v1/webhook-endpoints: where the merchant's events go (docs/webhooks.md). */
export function webhookEndpoints(deps: Pick<AppDeps, 'config'>) {
  const policy = { allowPrivate: deps.config.CIM_WEBHOOKS_ALLOW_PRIVATE === '1' };
  return new Hono<AppEnv>()
    .post('/', validate('json', WebhookEndpointCreate), async (c) => c.json(await createWebhookEndpoint(c.var.domain, policy, c.req.valid('json')), 201))
    .get('/', async (c) => c.json({ data: await listWebhookEndpoints(c.var.domain), nextCursor: null }))
    .get('/:id', validate('param', IdParam), async (c) => c.json(await getWebhookEndpoint(c.var.domain, c.req.valid('param').id)))
    .patch('/:id', validate('param', IdParam), validate('json', WebhookEndpointUpdate), async (c) =>
      c.json(await updateWebhookEndpoint(c.var.domain, policy, c.req.valid('param').id, c.req.valid('json'))),
    )
    .delete('/:id', validate('param', IdParam), async (c) => {
      await deleteWebhookEndpoint(c.var.domain, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .post('/:id/rotate-secret', validate('param', IdParam), validate('json', NoBody), async (c) => c.json(await rotateWebhookSecret(c.var.domain, c.req.valid('param').id)))
    .get('/:id/deliveries', validate('param', IdParam), validate('query', WebhookDeliveryQuery), async (c) => {
      const { id } = c.req.valid('param');
      await getWebhookEndpoint(c.var.domain, id);
      return c.json({ data: await recentDeliveries(c.var.domain, id, c.req.valid('query').limit ?? 20), nextCursor: null });
    });
}
