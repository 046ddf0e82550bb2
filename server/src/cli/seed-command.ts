import { randomInt } from 'node:crypto';
import { CimError } from '../errors.ts';
import { createMerchant } from '../domain/merchants.ts';
import { seedVault } from '../domain/seed.ts';
import type { Command } from './commands.ts';

const MAX_PROFILES = 10_000_000;

/** `cim dev seed`: synthetic customers and cards for data-scale benchmarks; refused in production. */
export const seedCommand: Command = {
  name: ['dev', 'seed'],
  usage: 'dev seed --profiles N [--merchant MERCHANT_ID] [--batch N]',
  summary: 'fill a vault with N encrypted test cards (5 per customer) for benchmarks; not in production',
  options: { profiles: { type: 'string' }, merchant: { type: 'string' }, batch: { type: 'string' } },
  run: async (deps, values) => {
    try {
      if (deps.config.NODE_ENV === 'production') throw new CimError('invalid_request', 'cim dev seed writes synthetic cards and is refused when NODE_ENV=production.');
      const profiles = Number(values.profiles);
      if (!Number.isInteger(profiles) || profiles < 1 || profiles > MAX_PROFILES) {
        throw new CimError('invalid_request', `--profiles must be a whole number from 1 to ${MAX_PROFILES}.`, { field: 'profiles' });
      }
      const batchSize = values.batch === undefined ? undefined : Number(values.batch);
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)) {
        throw new CimError('invalid_request', '--batch must be a whole number from 1 to 10000.', { field: 'batch' });
      }
      let merchantId = typeof values.merchant === 'string' ? values.merchant : undefined;
      let created;
      if (merchantId === undefined) {
        created = await createMerchant(deps, { name: 'Seed shop', origins: ['http://localhost:3000'] });
        merchantId = created.id;
      } else if (!(await deps.store.merchants.getById(merchantId))) {
        throw new CimError('not_found', 'No merchant has that id.', { field: 'merchant' });
      }
      let shown = -1;
      // Unique per run (two runs may share a second): merchantCustomerIds are `<tag>-<n>`, at most 20 characters.
      const tag = `s${Math.floor(Date.now() / 1000).toString(36)}${randomInt(36 ** 3).toString(36).padStart(3, '0')}`;
      const result = await seedVault(deps, {
        merchantId,
        profiles,
        tag,
        ...(batchSize !== undefined && { batchSize }),
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 100);
          if (pct !== shown && (pct % 10 === 0 || done === total)) process.stderr.write(`seeded ${done}/${total} payment profiles (${pct}%)\n`);
          shown = pct;
        },
      });
      const rate = Math.round(result.profiles / result.seconds);
      process.stdout.write(JSON.stringify({ ...(created ? { merchant: created } : { merchantId }), tag, ...result, profilesPerSecond: rate }, null, 2) + '\n');
      return 0;
    } catch (error) {
      if (!(error instanceof CimError)) throw error;
      process.stderr.write(`cim dev seed: ${error.message}\n`);
      return 2;
    } finally {
      await deps.store.close();
    }
  },
};
