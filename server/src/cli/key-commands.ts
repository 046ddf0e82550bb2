import { setTimeout as sleep } from 'node:timers/promises';
import { continueDataKeyRotation, DATA_KEY_ACTIVATION_SECONDS, dataKeyStatus, startDataKeyRotation } from '../domain/data-key-rotation.ts';
import { masterKeyStatus, rotateMasterKey } from '../domain/master-key-rotation.ts';
import type { Command } from './commands.ts';

type Values = Record<string, string | string[] | boolean | undefined>;

function batchSizeOption(values: Values): number | undefined {
  const raw = values['batch-size'];
  if (raw === undefined) return undefined;
  const batchSize = Number(raw);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) throw new Error('--batch-size must be a whole number from 1 to 10000.');
  return batchSize;
}

/** A `--NAME SECONDS` option of the rotate commands. */
function secondsOption(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!(typeof raw === 'string' && /^\d+$/.test(raw) && Number(raw) <= 86_400)) throw new Error(`--${name} must be a whole number of seconds from 0 to 86400.`);
  return Number(raw);
}

/** `--activate-in SECONDS` of the rotate commands. */
export const activateInOption = (values: Values) => secondsOption(values, 'activate-in');

/** The merchants a command names with --merchant, or every merchant. */
async function merchantIds(deps: Parameters<Extract<Command, { run: unknown }>['run']>[0], values: Values): Promise<string[]> {
  if (typeof values.merchant !== 'string') return (await deps.store.merchants.list()).map((m) => m.id);
  if (!(await deps.store.merchants.getById(values.merchant))) throw new Error(`No merchant ${values.merchant}.`);
  return [values.merchant];
}

/** Key lifecycle: `keys rotate-master`, `keys rotate-data` and `keys status`. */
export const KEY_COMMANDS: Command[] = [
  {
    name: ['keys', 'rotate-master'],
    usage: 'keys rotate-master [--batch-size N]',
    summary: 're-wrap every key under CIM_MASTER_KEY (old key in CIM_MASTER_KEY_PREVIOUS); resumable',
    options: { 'batch-size': { type: 'string' } },
    run: async (deps, values) => {
      const batchSize = batchSizeOption(values);
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
    name: ['keys', 'rotate-data'],
    usage: 'keys rotate-data [--merchant ID] [--activate-in SECONDS] [--retire-after SECONDS] [--batch-size N]',
    summary: `re-encrypt a merchant's (default: every merchant's) card data under a new data key, in batches; resumable. The new key seals after ${DATA_KEY_ACTIVATION_SECONDS} s (once every server has loaded it) or --activate-in`,
    options: { merchant: { type: 'string' }, 'activate-in': { type: 'string' }, 'retire-after': { type: 'string' }, 'batch-size': { type: 'string' } },
    run: async (deps, values) => {
      const batchSize = batchSizeOption(values);
      const activateIn = activateInOption(values) ?? DATA_KEY_ACTIVATION_SECONDS;
      const ids = await merchantIds(deps, values);
      let sealsFrom = 0;
      for (const id of ids) {
        const { version, activeFrom, started } = await startDataKeyRotation(deps, id, activateIn);
        process.stdout.write(`${id}: data key version ${version} ${started ? 'created' : 'already under way'}; it seals from ${activeFrom}.\n`);
        sealsFrom = Math.max(sealsFrom, Date.parse(activeFrom));
      }
      const wait = sealsFrom - deps.clock.now().getTime();
      if (wait > 0) {
        process.stdout.write(`Waiting ${Math.ceil(wait / 1000)} s, until every running server has loaded the new key…\n`);
        await sleep(wait);
      }
      const retireAfter = secondsOption(values, 'retire-after');
      const options = { ...(batchSize !== undefined && { batchSize }), ...(retireAfter !== undefined && { retireAfterSeconds: retireAfter }) };
      let remaining = 0;
      for (const id of ids) {
        const onBatch = ({ resealed }: { resealed: number }) => process.stdout.write(`re-sealed ${resealed} (${id})\n`);
        const { retiresAt } = await continueDataKeyRotation(deps, id, { ...options, onBatch });
        if (retiresAt !== undefined) {
          const until = Date.parse(retiresAt) - deps.clock.now().getTime();
          process.stdout.write(`${id}: every row is re-sealed; the old key is deleted at ${retiresAt}, once requests that read it have finished. Waiting ${Math.ceil(until / 1000)} s…\n`);
          await sleep(Math.max(0, until));
          await continueDataKeyRotation(deps, id, { ...options, onBatch });
        }
        remaining += (await dataKeyStatus(deps, id)).remaining;
      }
      process.stdout.write(remaining === 0 ? `Done: every sealed row of ${ids.length} merchant(s) is under its newest data key; the old keys are deleted.\n` : `${remaining} row(s) are still under an old data key; run again.\n`);
      await deps.store.close();
      return remaining === 0 ? 0 : 1;
    },
  },
  {
    name: ['keys', 'status'],
    usage: 'keys status [--merchant ID]',
    summary: 'which master key version wraps how many keys, and data-key rotations under way (or --merchant\'s data keys), as JSON',
    options: { merchant: { type: 'string' } },
    run: async (deps, values) => {
      const rotating = typeof values.merchant === 'string' ? await merchantIds(deps, values) : await deps.store.merchantKeys.listMerchantsRotatingData();
      const dataKeys = [];
      for (const id of rotating) dataKeys.push(await dataKeyStatus(deps, id));
      process.stdout.write(JSON.stringify({ ...(await masterKeyStatus(deps)), dataKeys }, null, 2) + '\n');
      await deps.store.close();
      return 0;
    },
  },
];
