import { SubscriptionCreate, SubscriptionListQuery, SubscriptionUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { cancelSubscription, createSubscription, requireSubscription, subscriptionView, updateSubscription } from '../domain/subscriptions.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

const IdParam = z.object({ id: z.string() });

/** /v1/subscriptions: recurring billing of stored payment profiles; the same subscriptions as Authorize.Net's ARB API. */
export const subscriptions = new Hono<AppEnv>()
  .post('/', validate('json', SubscriptionCreate), async (c) => {
    const ctx = c.var.domain;
    return c.json(await subscriptionView(ctx, await createSubscription(ctx, c.req.valid('json'))), 201);
  })
  .get('/', validate('query', SubscriptionListQuery), async (c) => {
    const ctx = c.var.domain;
    const q = c.req.valid('query');
    const rows = (await ctx.store.subscriptions.listForMerchant(ctx.merchantId)).filter(
      (s) => (q.status === undefined || s.status === q.status) && (q.customerProfileId === undefined || s.customerId === q.customerProfileId),
    );
    return c.json({ data: await Promise.all(rows.map((s) => subscriptionView(ctx, s))), nextCursor: null });
  })
  .get('/:id', validate('param', IdParam), async (c) => c.json(await subscriptionView(c.var.domain, await requireSubscription(c.var.domain, c.req.valid('param').id))))
  .patch('/:id', validate('param', IdParam), validate('json', SubscriptionUpdate), async (c) =>
    c.json(await subscriptionView(c.var.domain, await updateSubscription(c.var.domain, c.req.valid('param').id, c.req.valid('json')))),
  )
  .post('/:id/cancel', validate('param', IdParam), async (c) => c.json(await subscriptionView(c.var.domain, (await cancelSubscription(c.var.domain, c.req.valid('param').id)).subscription)));
