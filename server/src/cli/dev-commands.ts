import { settleNow } from '../domain/settlement.ts';
import type { Command } from './commands.ts';

/** Commands for development and tests; none of them is needed in production. */
export const DEV_COMMANDS: Command[] = [
  {
    name: ['dev', 'settle'],
    usage: 'dev settle [--merchant ID]',
    summary: "close settlement batches now (one merchant, or all), instead of waiting for the cut-off",
    options: { merchant: { type: 'string' } },
    run: async (deps, values) => {
      const merchants = typeof values.merchant === 'string' ? [values.merchant] : (await deps.store.merchants.list()).map((m) => m.id);
      const now = deps.clock.now();
      let settled = 0;
      for (const id of merchants) {
        if (!(await deps.store.merchants.getById(id))) {
          process.stderr.write(`No merchant ${id}.\n`);
          await deps.store.close();
          return 1;
        }
        settled += await settleNow(deps.store, id, now);
      }
      process.stdout.write(`Settled ${settled} transaction${settled === 1 ? '' : 's'} at ${now.toISOString()}.\n`);
      await deps.store.close();
      return 0;
    },
  },
];
