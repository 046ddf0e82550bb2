import { copyVault, type TableReport } from '../store/copy/copy-vault.ts';
import type { Command } from './commands.ts';

function sqlitePath(from: string): string {
  const match = /^sqlite:(.+)$/.exec(from);
  if (!match) throw new Error('--from must be a sqlite: URL, e.g. --from sqlite:./data/cim.db');
  return match[1]!;
}

function printReport(reports: TableReport[]): void {
  const rows = reports.map((r) => `${r.table.padEnd(24)} ${String(r.sourceRows).padStart(9)} ${String(r.targetRows).padStart(9)}  ${r.sourceChecksum}  ${r.targetChecksum}  ${r.match ? 'ok' : 'MISMATCH'}`);
  process.stdout.write(`${'table'.padEnd(24)} ${'sqlite'.padStart(9)} ${'postgres'.padStart(9)}  ${'sqlite checksum'.padEnd(32)}  ${'postgres checksum'.padEnd(32)}\n${rows.join('\n')}\n`);
}

/** cim db copy: moves a SQLite vault to PostgreSQL without decrypting anything (docs/scaling.md, "Moving off SQLite"). */
export const dbCopyCommand: Command = {
  name: ['db', 'copy'],
  usage: 'db copy --from sqlite:PATH --to postgres://…',
  summary: 'copy a SQLite vault to PostgreSQL as stored (resumable), then compare counts and checksums',
  options: { from: { type: 'string' }, to: { type: 'string' }, 'batch-size': { type: 'string' } },
  standalone: async (values) => {
    const from = typeof values.from === 'string' ? values.from : '';
    const to = typeof values.to === 'string' ? values.to : '';
    if (!/^postgres(ql)?:\/\//.test(to)) throw new Error('--to must be a postgres:// URL');
    const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size']);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2_000) throw new Error('--batch-size must be an integer from 1 to 2000');
    const reports = await copyVault({
      sqlitePath: sqlitePath(from),
      postgresUrl: to,
      batchSize,
      onBatch: (table, copied) => process.stderr.write(`copied ${copied} rows of ${table}\n`),
    });
    printReport(reports);
    const bad = reports.filter((r) => !r.match);
    if (bad.length > 0) {
      process.stderr.write(`cim: ${bad.length} table(s) differ after the copy: ${bad.map((r) => r.table).join(', ')}\n`);
      return 1;
    }
    process.stdout.write('Every table matches: same row count and checksum on both sides.\n');
    return 0;
  },
};
