import { parseArgs } from 'node:util';
import { systemClock } from '../src/clock.ts';
import type { DomainContext } from '../src/domain/context.ts';
import { createMerchant } from '../src/domain/merchants.ts';
import { seedVault } from '../src/domain/seed.ts';
import { openEnvelope, sealToRecipient } from '../src/migration/envelope.ts';
import { exportRows } from '../src/migration/export-rows.ts';
import { ensureImportKeys, openImportKeys } from '../src/migration/import-keys.ts';
import { importRows } from '../src/migration/import-rows.ts';
import { parseRows, serializeRows } from '../src/migration/rows.ts';
import { makeTestDeps } from '../src/test-support.ts';
import { fmt, table } from './report.ts';

/**
 * Vault-migration throughput (docs/migration.md), on a fresh SQLite file (synchronous=FULL):
 * `npx -y pnpm@10 bench:import [--rows 100000] [--format jwe|pgp]`.
 *
 * Seeds N cards into one merchant (`cim dev seed`'s batched writes: the baseline, the fastest
 * way cards enter this vault), exports them encrypted to CIM's import key, then imports the file
 * into another merchant (batches of rows per transaction, idempotent, a webhook event per record as
 * `cim import` does by default), runs the import again (every row already present), then imports
 * into a third merchant with `--events none`. Prints rows per second and the ratio of each step to
 * the seed.
 */
const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, format: { type: 'string', default: 'jwe' } } });
const rows = Number(values.rows);
const format = values.format === 'pgp' ? 'pgp' : 'jwe';
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');

const env = makeTestDeps();
const { deps } = env;
// The real clock, as cim import runs: ids made from the time (webhook events) need it to move.
deps.clock = systemClock;
const ctxOf = (merchantId: string): DomainContext => ({ store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId, actor: 'bench', clientAddress: null });
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await fn();
  return [result, (performance.now() - started) / 1000];
};
const say = (text: string) => process.stderr.write(`${text}\n`);

try {
  const from = await createMerchant(deps, { name: 'Old vault', origins: ['https://old.test'] });
  const to = await createMerchant(deps, { name: 'New vault', origins: ['https://new.test'] });
  const quiet = await createMerchant(deps, { name: 'New vault, no events', origins: ['https://quiet.test'] });
  say(`seeding ${rows} cards…`);
  const [, seedSeconds] = await timed(() => seedVault(deps, { merchantId: from.id, profiles: rows, tag: 'mig' }));
  say('exporting…');
  const [file, exportSeconds] = await timed(async () => {
    const keys = await ensureImportKeys(deps);
    return (await sealToRecipient(serializeRows(await exportRows(ctxOf(from.id), 'bench'), 'csv'), keys[format])).file;
  });
  say(`importing ${(file.length / 1e6).toFixed(1)} MB of ${format.toUpperCase()}…`);
  const [parsed, openSeconds] = await timed(async () => parseRows((await openEnvelope(file, await openImportKeys(deps))).plaintext).rows);
  const [first, importSeconds] = await timed(() => importRows(ctxOf(to.id), parsed));
  say('importing again…');
  const [again, rerunSeconds] = await timed(() => importRows(ctxOf(to.id), parsed));
  say('importing without webhook events…');
  const [silent, silentSeconds] = await timed(() => importRows(ctxOf(quiet.id), parsed, { events: 'none' }));
  const brief = (r: typeof first) => ({ ...r, errors: r.errors.length });
  if (first.paymentProfilesCreated !== rows || again.alreadyPresent !== rows || silent.paymentProfilesCreated !== rows) throw new Error(`unexpected reports: ${JSON.stringify({ first: brief(first), again: brief(again), silent: brief(silent) })}`);

  const seedRate = rows / seedSeconds;
  const line = (step: string, seconds: number) => [step, fmt(seconds, 2), fmt(rows / seconds, 0), fmt(rows / seconds / seedRate, 2)];
  process.stdout.write(
    `\nVault migration, ${rows} cards, ${format.toUpperCase()} + CSV, SQLite (${deps.store.kind})\n\n` +
      table(
        ['step', 'seconds', 'rows/s', 'vs seed'],
        [
          line('seed (batched inserts, baseline)', seedSeconds),
          line('export: read, decrypt, encrypt to key', exportSeconds),
          line('open file: decrypt + parse', openSeconds),
          line('import (new customers and cards)', importSeconds),
          line('import again (all already present)', rerunSeconds),
          line('import, --events none (new)', silentSeconds),
        ],
      ) +
      '\n',
  );
} finally {
  await env.cleanup();
}
