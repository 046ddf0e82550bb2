import { masterKeyStatus, rotateMasterKey } from '../domain/master-key-rotation.ts';
import type { Command } from './commands.ts';

/** Master-key lifecycle: `keys rotate-master` and `keys status`. */
export const KEY_COMMANDS: Command[] = [
  {
    name: ['keys', 'rotate-master'],
    usage: 'keys rotate-master [--batch-size N]',
    summary: 're-wrap every key under CIM_MASTER_KEY (old key in CIM_MASTER_KEY_PREVIOUS); resumable',
    options: { 'batch-size': { type: 'string' } },
    run: async (deps, values) => {
      const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) throw new Error('--batch-size must be a whole number from 1 to 10000.');
      const { rewrapped } = await rotateMasterKey(deps, { ...(batchSize !== undefined && { batchSize }), onBatch: ({ rewrapped: n }) => process.stdout.write(`re-wrapped ${n}\n`) });
      const status = await masterKeyStatus(deps);
      process.stdout.write(
        status.done
          ? `Done: ${rewrapped} key(s) re-wrapped; every key is under master key version ${status.currentVersion}. CIM_MASTER_KEY_PREVIOUS can be removed now.\n`
          : `${status.remaining} key(s) are still under another master key version; run again.\n`,
      );
      await deps.store.close();
      return status.done ? 0 : 1;
    },
  },
  {
    name: ['keys', 'status'],
    usage: 'keys status',
    summary: 'which master key version wraps how many keys (rotation progress), as JSON',
    run: async (deps) => {
      process.stdout.write(JSON.stringify(await masterKeyStatus(deps), null, 2) + '\n');
      await deps.store.close();
      return 0;
    },
  },
];
