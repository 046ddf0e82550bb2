import { WebhookEndpointCreate } from '@cim/shared';
import type { AppDeps } from '../deps.ts';
import type { DomainContext } from '../domain/context.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from '../domain/webhook-endpoints.ts';
import { NotFoundError } from '../errors.ts';
import { zodError } from '../http/validate.ts';
import type { Command } from './commands.ts';

const write = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');

/** The merchant's domain context, as the CLI acts for it; a merchant that does not exist is an error. */
async function merchantContext(deps: AppDeps, positionals: string[]): Promise<DomainContext> {
  const merchantId = positionals[0];
  if (!merchantId) throw new Error('Give the merchant id (see cim merchant list).');
  if (!(await deps.store.merchants.getById(merchantId))) throw new NotFoundError('Merchant');
  return { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId, actor: 'cli', clientAddress: null };
}

/** Runs `fn`, closing the store whatever happens. */
type Run = Extract<Command, { run: unknown }>['run'];
const closing =
  (fn: (deps: AppDeps, values: Parameters<Run>[1], positionals: string[]) => Promise<void>): Run =>
  async (deps, values, positionals = []) => {
    try {
      await fn(deps, values, positionals);
      return 0;
    } finally {
      await deps.store.close();
    }
  };

/** `cim webhooks …`: a merchant's webhook endpoints (docs/webhooks.md), as the REST API manages them. */
export const WEBHOOK_COMMANDS: Command[] = [
  {
    name: ['webhooks', 'add'],
    usage: 'webhooks add MERCHANT_ID --url URL [--event TYPE…] [--description TEXT]',
    summary: 'add a webhook endpoint (every event unless --event); prints its whsec_ secret once, as JSON',
    options: { url: { type: 'string' }, event: { type: 'string', multiple: true }, description: { type: 'string' } },
    positionals: true,
    run: closing(async (deps, values, positionals) => {
      const input = { url: values.url, ...(Array.isArray(values.event) && { events: values.event }), ...(typeof values.description === 'string' && { description: values.description }) };
      const parsed = WebhookEndpointCreate.safeParse(input);
      if (!parsed.success) throw zodError(parsed.error, WebhookEndpointCreate);
      const policy = { allowPrivate: deps.config.CIM_WEBHOOKS_ALLOW_PRIVATE === '1' };
      write(await createWebhookEndpoint(await merchantContext(deps, positionals), policy, parsed.data));
      process.stderr.write('The secret is shown once above: receivers verify webhook-signature with it.\n');
    }),
  },
  {
    name: ['webhooks', 'list'],
    usage: 'webhooks list MERCHANT_ID',
    summary: "list a merchant's webhook endpoints (never a secret)",
    positionals: true,
    run: closing(async (deps, _values, positionals) => {
      write(await listWebhookEndpoints(await merchantContext(deps, positionals)));
    }),
  },
  {
    name: ['webhooks', 'remove'],
    usage: 'webhooks remove MERCHANT_ID ENDPOINT_ID',
    summary: 'remove a webhook endpoint and its pending deliveries',
    positionals: true,
    run: closing(async (deps, _values, positionals) => {
      const endpointId = positionals[1];
      if (!endpointId) throw new Error('Give the endpoint id (see cim webhooks list MERCHANT_ID).');
      await deleteWebhookEndpoint(await merchantContext(deps, positionals), endpointId);
      process.stdout.write(`Removed webhook endpoint ${endpointId}.\n`);
    }),
  },
];
