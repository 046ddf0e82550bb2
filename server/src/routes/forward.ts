import { ForwardRequest, ForwardTemplateCreate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { createForwardTemplate, deleteForwardTemplate, getForwardTemplate, listForwardTemplates } from '../domain/forward-templates.ts';
import { forward, outboundPolicy } from '../domain/forwarding.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const Params = z.object({ templateId: z.string().max(64) });

/** The forwarding proxy (docs/forwarding.md): the merchant's request templates, and sending one filled with a stored card. */
export function forwarding(deps: AppDeps) {
  const policy = outboundPolicy(deps.config);
  return new Hono<AppEnv>()
    .get('/templates', async (c) => c.json(await listForwardTemplates(c.var.domain)))
    .post('/templates', validate('json', ForwardTemplateCreate), async (c) => c.json(await createForwardTemplate(c.var.domain, c.req.valid('json')), 201))
    .get('/templates/:templateId', validate('param', Params), async (c) => c.json(await getForwardTemplate(c.var.domain, c.req.valid('param').templateId)))
    .delete('/templates/:templateId', validate('param', Params), async (c) => {
      await deleteForwardTemplate(c.var.domain, c.req.valid('param').templateId);
      return c.body(null, 204);
    })
    .post('/', validate('json', ForwardRequest), async (c) => c.json(await forward(c.var.domain, c.req.valid('json'), policy)));
}
