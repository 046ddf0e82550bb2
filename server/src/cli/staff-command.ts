import { createStaff } from '../domain/staff.ts';
import { CimError } from '../errors.ts';
import type { Command } from './commands.ts';

/** `cim staff create`: a console account; its generated password is printed this once. */
export const staffCreateCommand: Command = {
  name: ['staff', 'create'],
  usage: 'staff create --merchant MERCHANT_ID --email EMAIL --role admin|operator|viewer',
  summary: 'create a merchant console account; prints its one-time password once, as JSON',
  options: { merchant: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
  run: async (deps, values) => {
    try {
      const created = await createStaff(deps, {
        merchantId: typeof values.merchant === 'string' ? values.merchant : '',
        email: typeof values.email === 'string' ? values.email : '',
        role: typeof values.role === 'string' ? values.role : '',
      });
      process.stdout.write(JSON.stringify({ ...created, signIn: `${deps.config.CIM_PUBLIC_URL.replace(/\/$/, '')}/console` }, null, 2) + '\n');
      return 0;
    } catch (error) {
      if (!(error instanceof CimError)) throw error;
      process.stderr.write(`cim staff create: ${error.message}\n`);
      return 2;
    } finally {
      await deps.store.close();
    }
  },
};
