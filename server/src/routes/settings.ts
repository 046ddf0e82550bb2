import { SettingsUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { getSettings, updateSettings } from '../domain/merchant-settings.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';

/** The authenticated merchant's own settings: settlement cut-off, unlinked credits. */
export const settings = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await getSettings(c.var.domain)))
  .patch('/', validate('json', SettingsUpdate), async (c) => c.json(await updateSettings(c.var.domain, c.req.valid('json'))));
