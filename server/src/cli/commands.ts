import type { ParseArgsConfig } from 'node:util';
import type { AppDeps } from '../deps.ts';
import { createMerchant } from '../domain/merchants.ts';
import { serve } from '../serve.ts';
import { dbCopyCommand } from './db-copy-command.ts';
import { seedCommand } from './seed-command.ts';
import { activateInOption, KEY_COMMANDS } from './key-commands.ts';
import { MERCHANT_COMMANDS } from './merchant-commands.ts';
import { MIGRATION_COMMANDS } from './migration-commands.ts';
import { DEV_COMMANDS } from './dev-commands.ts';
import { STAFF_STATE_COMMANDS, staffCreateCommand } from './staff-command.ts';
import { WEBHOOK_COMMANDS } from './webhook-commands.ts';

type Values = Record<string, string | string[] | boolean | undefined>;

interface CommandInfo {
  name: string[];
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  /** Takes positional arguments after its words (e.g. MERCHANT_ID). */
  positionals?: boolean;
}

/** Most commands run on the configured store; a standalone one (db copy) opens what its options name, and needs no CIM_* set-up. */
export type Command = CommandInfo & ({ run(deps: AppDeps, values: Values, positionals?: string[]): Promise<number> } | { standalone(values: Values): Promise<number> });

export const COMMANDS: Command[] = [
  {
    name: ['serve'],
    usage: 'serve',
    summary: 'start the server (CIM_PORT, CIM_PUBLIC_URL, …)',
    run: async (deps) => {
      await serve(deps);
      return 0;
    },
  },
  {
    name: ['migrate'],
    usage: 'migrate',
    summary: 'apply database migrations (the server also does this at start)',
    run: async (deps) => {
      // Opening the store applies pending migrations.
      process.stdout.write(`Database is at the latest schema (${deps.store.kind}).\n`);
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['merchant', 'create'],
    usage: 'merchant create --name NAME --origin URL [--origin URL…]',
    summary: 'create a merchant; prints its credentials once, as JSON',
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } },
    run: async (deps, values) => {
      const name = typeof values.name === 'string' ? values.name : '';
      const origins = Array.isArray(values.origin) ? values.origin : [];
      const created = await createMerchant(deps, { name, origins });
      process.stdout.write(JSON.stringify(created, null, 2) + '\n');
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['keys', 'rotate-signing'],
    usage: 'keys rotate-signing [--activate-in SECONDS]',
    summary: 'add a token-signing key: published now, signing after the JWKS cache time (CIM_JWKS_CACHE_SECONDS, 300 s) or --activate-in (0 for a stolen key)',
    options: { 'activate-in': { type: 'string' } },
    run: async (deps, values) => {
      const activateInSeconds = activateInOption(values);
      const { kid, activeFrom } = await deps.signingKeys.rotate(activateInSeconds === undefined ? {} : { activateInSeconds });
      process.stdout.write(`New signing key ${kid} is published at /.well-known/jwks.json now and signs tokens from ${activeFrom}.\n`);
      await deps.store.close();
      return 0;
    },
  },
  staffCreateCommand,
  ...STAFF_STATE_COMMANDS,
  seedCommand,
  ...MERCHANT_COMMANDS,
  ...KEY_COMMANDS,
  ...MIGRATION_COMMANDS,
  ...DEV_COMMANDS,
  ...WEBHOOK_COMMANDS,
  dbCopyCommand,
];
