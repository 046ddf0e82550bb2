import type { AppDeps } from '../deps.ts';
import type { DomainContext } from '../domain/context.ts';
import { createStaff } from '../domain/staff.ts';
import { disableStaff, enableStaff } from '../domain/staff-admin.ts';
import { CimError } from '../errors.ts';
import type { Command } from './commands.ts';

type Run = Extract<Command, { run: unknown }>['run'];
type Values = Parameters<Run>[1];
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const write = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');

/** Runs a `cim staff …` command: a refused input exits 2 with its message; the store is closed whatever happens. */
function staffCommand(verb: string, fn: (deps: AppDeps, values: Values) => Promise<void>): Run {
  return async (deps, values) => {
    try {
      await fn(deps, values);
      return 0;
    } catch (error) {
      if (!(error instanceof CimError)) throw error;
      process.stderr.write(`cim staff ${verb}: ${error.message}\n`);
      return 2;
    } finally {
      await deps.store.close();
    }
  };
}

/** `cim staff create`: a console account; its generated password is printed this once. */
export const staffCreateCommand: Command = {
  name: ['staff', 'create'],
  usage: 'staff create --merchant MERCHANT_ID --email EMAIL --role admin|operator|viewer',
  summary: 'create a merchant console account; prints its one-time password once, as JSON',
  options: { merchant: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
  run: staffCommand('create', async (deps, values) => {
    const created = await createStaff(deps, { merchantId: text(values.merchant), email: text(values.email), role: text(values.role) });
    write({ ...created, signIn: `${deps.config.CIM_PUBLIC_URL.replace(/\/$/, '')}/console` });
  }),
};

/** The merchant's account with this email, as the CLI acts for the merchant (audited as `cli`). */
async function accountOf(deps: AppDeps, values: Values): Promise<{ ctx: DomainContext; id: string }> {
  const merchantId = text(values.merchant);
  const staff = await deps.store.staff.getByEmail(text(values.email).trim().toLowerCase());
  // Another merchant's account answers like a missing one.
  if (!staff || staff.merchantId !== merchantId) throw new CimError('not_found', 'This merchant has no staff account with that email.', { field: 'email' });
  return { ctx: { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId, actor: 'cli', clientAddress: null }, id: staff.id };
}

/** `cim staff disable` / `enable`: the console's Disable and Enable buttons, for an operator at the command line. */
const stateCommand = (verb: 'disable' | 'enable', summary: string): Command => ({
  name: ['staff', verb],
  usage: `staff ${verb} --merchant MERCHANT_ID --email EMAIL`,
  summary,
  options: { merchant: { type: 'string' }, email: { type: 'string' } },
  run: staffCommand(verb, async (deps, values) => {
    const { ctx, id } = await accountOf(deps, values);
    write(verb === 'disable' ? await disableStaff(ctx, null, id) : await enableStaff(ctx, id));
  }),
});

export const STAFF_STATE_COMMANDS: Command[] = [
  stateCommand('disable', 'disable a console account (it cannot sign in; its sessions end now; role kept); never the last enabled admin'),
  stateCommand('enable', 'enable a disabled console account again, with its role and password'),
];
