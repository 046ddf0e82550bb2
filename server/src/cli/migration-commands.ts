import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AppDeps } from '../deps.ts';
import type { DomainContext } from '../domain/context.ts';
import { sealToRecipient, openEnvelope } from '../migration/envelope.ts';
import { exportRows } from '../migration/export-rows.ts';
import { ensureImportKeys, openImportKeys } from '../migration/import-keys.ts';
import { importRows } from '../migration/import-rows.ts';
import { parseRows, serializeRows } from '../migration/rows.ts';
import type { Command } from './commands.ts';

const merchantContext = async (deps: AppDeps, values: Record<string, unknown>): Promise<DomainContext> => {
  const merchantId = typeof values.merchant === 'string' ? values.merchant : '';
  if (!merchantId || !(await deps.store.merchants.getById(merchantId))) throw new Error(`No merchant ${merchantId ? `"${merchantId}"` : 'given'} (--merchant ID; see cim merchant list).`);
  return { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId, actor: 'cli', clientAddress: null };
};

/** Progress on stderr, at most once a second, and once at the end. */
function progress(label: string, total: number) {
  const started = performance.now();
  let last = 0;
  return (done: number) => {
    const now = performance.now();
    if (done < total && now - last < 1000) return;
    last = now;
    const rate = Math.round(done / Math.max((now - started) / 1000, 0.001));
    process.stderr.write(`${label}: ${done}/${total} rows (${rate} rows/s)\n`);
  };
}

/** Vault migration (docs/migration.md): CIM's import key, and moving cards in and out encrypted. */
export const MIGRATION_COMMANDS: Command[] = [
  {
    name: ['keys', 'import-key'],
    usage: 'keys import-key [--format jwe|pgp]',
    summary: "print CIM's import public keys (made once): the JWK for JWE, the armored OpenPGP key",
    options: { format: { type: 'string' } },
    run: async (deps, values) => {
      if (values.format !== undefined && values.format !== 'jwe' && values.format !== 'pgp') throw new Error('--format is jwe or pgp.');
      const keys = await ensureImportKeys(deps);
      if (values.format === 'jwe') process.stdout.write(keys.jwe + '\n');
      else if (values.format === 'pgp') process.stdout.write(keys.pgp.trim() + '\n');
      else process.stdout.write(JSON.stringify({ jwk: JSON.parse(keys.jwe) as unknown, pgp: keys.pgp }, null, 2) + '\n');
      await deps.store.close();
      return 0;
    },
  },
  {
    name: ['import'],
    usage: 'import --merchant MERCHANT_ID [--events each|none] FILE',
    summary: 'import cards from a JWE- or PGP-encrypted CSV/JSON vault-migration file (idempotent; per-row errors; webhook events per record unless --events none)',
    options: { merchant: { type: 'string' }, events: { type: 'string' } },
    positionals: true,
    run: async (deps, values, positionals = []) => {
      const events = values.events ?? 'each';
      if (events !== 'each' && events !== 'none') throw new Error('--events is each (a webhook event per created customer and card, the default) or none.');
      const ctx = await merchantContext(deps, values);
      const path = positionals[0];
      if (!path) throw new Error('Give the encrypted migration file: cim import --merchant ID FILE.');
      // Decrypted and parsed in memory only: nothing in clear is ever written.
      const { format, plaintext } = await openEnvelope(readFileSync(path), await openImportKeys(deps));
      const { format: data, rows } = parseRows(plaintext);
      plaintext.fill(0);
      process.stderr.write(`import: ${rows.length} rows (${format.toUpperCase()}, ${data.toUpperCase()}) into merchant ${ctx.merchantId}, webhook events: ${events}\n`);
      const started = performance.now();
      const report = await importRows(ctx, rows, { events, onProgress: progress('import', rows.length) });
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(rows.length / Math.max(seconds, 0.001)) }, null, 2) + '\n');
      await deps.store.close();
      return report.errors.length === 0 ? 0 : 3;
    },
  },
  {
    name: ['export'],
    usage: 'export --merchant MERCHANT_ID --to-public-key FILE --out FILE --confirm-export-card-data [--data csv|json]',
    summary: "write the merchant's cards and bank accounts encrypted to another processor's key (JWK/PEM → JWE, armored → PGP); audited",
    options: { merchant: { type: 'string' }, 'to-public-key': { type: 'string' }, out: { type: 'string' }, data: { type: 'string' }, 'confirm-export-card-data': { type: 'boolean' } },
    run: async (deps, values) => {
      if (values['confirm-export-card-data'] !== true) {
        process.stderr.write('cim export hands every stored card and bank account of the merchant to the holder of the given key. Add --confirm-export-card-data to do so.\n');
        await deps.store.close();
        return 2;
      }
      const keyFile = values['to-public-key'];
      const out = values.out;
      if (typeof keyFile !== 'string' || typeof out !== 'string') throw new Error('Give --to-public-key FILE (the recipient\'s public key) and --out FILE (the encrypted file to write).');
      const data = values.data ?? 'csv';
      if (data !== 'csv' && data !== 'json') throw new Error('--data is csv or json.');
      const ctx = await merchantContext(deps, values);
      const recipientKey = readFileSync(keyFile, 'utf8');
      const recipient = `key sha256:${createHash('sha256').update(recipientKey.trim()).digest('hex').slice(0, 16)}`;
      // Checked before any card is decrypted: a key that cannot encrypt fails here.
      await sealToRecipient(new Uint8Array(1), recipientKey);
      const rows = await exportRows(ctx, recipient, (done, total) => process.stderr.write(`export: ${done}/${total} customers\n`));
      const plaintext = serializeRows(rows, data);
      const { format, file } = await sealToRecipient(plaintext, recipientKey);
      plaintext.fill(0);
      // Only ciphertext reaches the disk; never over an existing file.
      writeFileSync(out, file, { mode: 0o600, flag: 'wx' });
      const bankAccounts = rows.filter((r) => r.account_number !== undefined).length;
      process.stdout.write(JSON.stringify({ merchantId: ctx.merchantId, cards: rows.length - bankAccounts, bankAccounts, format, data, recipient, out }, null, 2) + '\n');
      await deps.store.close();
      return 0;
    },
  },
];
