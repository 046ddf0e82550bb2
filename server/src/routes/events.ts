import { EventQuery, EventRedeliver } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { getEvent, listEvents, redeliverEvent } from '../domain/webhook-log.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const IdParam = z.object({ id: z.string() });

/** /v1/events: the event log, newest first, each with its deliveries; redelivery on request. */
export const events = new Hono<AppEnv>()
  .get('/', validate('query', EventQuery), async (c) => c.json(await listEvents(c.var.domain, c.req.valid('query'))))
  .get('/:id', validate('param', IdParam), async (c) => c.json(await getEvent(c.var.domain, c.req.valid('param').id)))
  .post('/:id/redeliver', validate('param', IdParam), validate('json', EventRedeliver), async (c) =>
    c.json(await redeliverEvent(c.var.domain, c.req.valid('param').id, c.req.valid('json').endpointId), 202),
  );
