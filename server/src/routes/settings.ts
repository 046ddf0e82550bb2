import { ProcessorUpdate, SettingsUpdate } from '@cim/shared';
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { getSettings, updateSettings } from '../domain/merchant-settings.ts';
import { getProcessorSetting, setProcessorSetting } from '../domain/processor-settings.ts';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { extraGatewayHosts } from '../processor/authorizenet/endpoint.ts';

/** The authenticated merchant's own settings: settlement cut-off, unlinked credits, its processor. */
export const settings = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => c.json(await getSettings(c.var.domain)))
    .patch('/', validate('json', SettingsUpdate), async (c) => c.json(await updateSettings(c.var.domain, c.req.valid('json'))))
    .get('/processor', async (c) => c.json(await getProcessorSetting(c.var.domain)))
    .put('/processor', validate('json', ProcessorUpdate), async (c) =>
      c.json(await setProcessorSetting(c.var.domain, c.req.valid('json'), extraGatewayHosts(deps.config.CIM_GATEWAY_HOSTS))),
    );
