import type { CredentialKind } from '../store/types.ts';
import { updateForwardHosts } from '../domain/forward-hosts.ts';
import { revokeCredential, rotateCredential, updateOrigins } from '../domain/merchant-credentials.ts';
import { ProcessorUpdate } from '@cim/shared';
import { NotFoundError } from '../errors.ts';
import { setProcessorSetting } from '../domain/processor-settings.ts';
import { extraGatewayHosts } from '../processor/authorizenet/endpoint.ts';
import type { Command } from './commands.ts';

const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

/** MERCHANT_ID: the first word after the command's own words. */
const merchantIdOf = (positionals: string[]) => {
  const id = positionals[0];
  if (!id) throw new Error('Give the merchant id (see cim merchant list).');
  return id;
};

const kindOf = (values: Record<string, unknown>): CredentialKind => (values['transaction-key'] ? 'transactionKey' : 'secretKey');
const label = (kind: CredentialKind) => (kind === 'secretKey' ? 'secret key' : 'transaction key');

const write = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');

/** Merchant administration beyond `merchant create`: listing, origins and credential lifecycle. */
export const MERCHANT_COMMANDS: Command[] = [
  {
    name: ['merchant', 'list'],
    usage: 'merchant list',
    summary: 'list merchants: id, name, API login id, origins, forward hosts (never a key)',
    run: async (deps) => {
      const merchants = await deps.store.merchants.list();
      write(merchants.map((m) => ({ id: m.id, name: m.name, apiLoginId: m.apiLoginId, allowedOrigins: m.allowedOrigins, forwardHosts: m.forwardHosts, createdAt: m.createdAt })));
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['merchant', 'update'],
    usage: 'merchant update MERCHANT_ID [--add-origin URL…] [--remove-origin URL…] [--add-forward-host HOST…] [--remove-forward-host HOST…]',
    summary: 'change the origins allowed to embed the checkout, and the HTTPS hosts the merchant may forward cards to',
    options: {
      'add-origin': { type: 'string', multiple: true },
      'remove-origin': { type: 'string', multiple: true },
      'add-forward-host': { type: 'string', multiple: true },
      'remove-forward-host': { type: 'string', multiple: true },
    },
    positionals: true,
    run: async (deps, values, positionals = []) => {
      const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
      const id = merchantIdOf(positionals);
      const origins = await updateOrigins(deps, id, { add: list(values['add-origin']), remove: list(values['remove-origin']) });
      const forwardHosts = await updateForwardHosts(deps, id, { add: list(values['add-forward-host']), remove: list(values['remove-forward-host']) });
      write({ id, allowedOrigins: origins, forwardHosts });
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['merchant', 'rotate-key'],
    usage: 'merchant rotate-key MERCHANT_ID [--transaction-key] [--overlap SECONDS]',
    summary: 'issue a new secret (or transaction) key; the old one works for the overlap (default 86400 s)',
    options: { 'transaction-key': { type: 'boolean' }, overlap: { type: 'string' } },
    positionals: true,
    run: async (deps, values, positionals = []) => {
      const kind = kindOf(values);
      const overlap = values.overlap === undefined ? DEFAULT_OVERLAP_SECONDS : Number(values.overlap);
      const { key, previousValidUntil } = await rotateCredential(deps, merchantIdOf(positionals), kind, overlap);
      write({ id: positionals[0], [kind]: key, previousValidUntil });
      process.stderr.write(`New ${label(kind)} shown once above. ${previousValidUntil ? `The old one is refused after ${previousValidUntil}.` : 'The old one is refused now.'}\n`);
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['merchant', 'revoke-key'],
    usage: 'merchant revoke-key MERCHANT_ID [--transaction-key]',
    summary: 'refuse the current and any overlapping secret (or transaction) key now; prints a new one',
    options: { 'transaction-key': { type: 'boolean' } },
    positionals: true,
    run: async (deps, values, positionals = []) => {
      const kind = kindOf(values);
      const { key } = await revokeCredential(deps, merchantIdOf(positionals), kind);
      write({ id: positionals[0], [kind]: key });
      process.stderr.write(`Every earlier ${label(kind)} is refused now (a running server within 5 s). The new one is shown once above.\n`);
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['merchant', 'set-processor'],
    usage: 'merchant set-processor MERCHANT_ID sandbox | authorizenet --api-login-id ID --transaction-key KEY [--endpoint URL]',
    summary: "where the merchant's new transactions go: the sandbox (default) or its Authorize.Net account (credentials sealed, never shown)",
    options: { 'api-login-id': { type: 'string' }, 'transaction-key': { type: 'string' }, endpoint: { type: 'string' } },
    positionals: true,
    run: async (deps, values, positionals = []) => {
      const merchantId = merchantIdOf(positionals);
      if (!(await deps.store.merchants.getById(merchantId))) throw new NotFoundError('Merchant');
      const input = ProcessorUpdate.safeParse({
        processor: positionals[1],
        ...(values['api-login-id'] !== undefined && { apiLoginId: values['api-login-id'] }),
        ...(values['transaction-key'] !== undefined && { transactionKey: values['transaction-key'] }),
        ...(values.endpoint !== undefined && { endpoint: values.endpoint }),
      });
      if (!input.success) throw new Error(`Give sandbox, or authorizenet with --api-login-id and --transaction-key: ${input.error.issues.map((i) => i.message).join('; ')}`);
      const ctx = { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId, actor: 'cli', clientAddress: null };
      write({ id: merchantId, ...(await setProcessorSetting(ctx, input.data, extraGatewayHosts(deps.config.CIM_GATEWAY_HOSTS))) });
      await deps.store.close();
      return 0;
    },
  },
];
