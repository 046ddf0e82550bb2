import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRows } from '../migration/rows.ts';
import { cim } from './run-cli.ts';

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
/** Every run of 8 digits of a number. */
const runsOf = (number: string) => Array.from({ length: number.length - 7 }, (_, i) => number.slice(i, i + 8));

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-cli-migration-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn', CIM_MASTER_KEY: randomBytes(32).toString('base64') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cim keys import-key / export / import', () => {
  // Ten CLI processes in a row: on a loaded machine each can take seconds to start.
  it('moves a merchant\'s cards to another merchant through PGP, idempotently, and leaves no card number in clear on disk', { timeout: 180_000 }, async () => {
    const merchant = async (name: string) => JSON.parse((await cim(['merchant', 'create', '--name', name, '--origin', 'https://a.test'], env)).stdout) as { id: string };
    const from = await merchant('From');
    const to = await merchant('To');
    const seeded = await cim(['dev', 'seed', '--profiles', '25', '--merchant', from.id], env);
    expect(seeded.code, seeded.stderr).toBe(0);

    // The import key: made once, printed the same each time.
    const key = await cim(['keys', 'import-key', '--format', 'pgp'], env);
    expect(key.code, key.stderr).toBe(0);
    expect(key.stdout).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const both = JSON.parse((await cim(['keys', 'import-key'], env)).stdout) as { jwk: { kty: string }; pgp: string };
    expect(both.pgp.trim()).toBe(key.stdout.trim());
    expect(both.jwk).toMatchObject({ kty: 'EC', alg: 'ECDH-ES+A256KW' });
    writeFileSync(join(dir, 'cim-import.asc'), key.stdout);

    // Export to CIM's own import key (as another processor would hand cards over), then import into another merchant.
    const exportArgs = ['export', '--merchant', from.id, '--to-public-key', join(dir, 'cim-import.asc'), '--out', join(dir, 'from.pgp')];
    const refused = await cim(exportArgs, env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--confirm-export-card-data/);
    const exported = await cim([...exportArgs, '--confirm-export-card-data'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ cards: 25, format: 'pgp', data: 'csv' });
    expect(readFileSync(join(dir, 'from.pgp'), 'utf8')).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(statSync(join(dir, 'from.pgp')).mode & 0o777).toBe(0o600);

    const unknownEvents = await cim(['import', '--merchant', to.id, '--events', 'some', join(dir, 'from.pgp')], env);
    expect(unknownEvents.code).toBe(1);
    expect(unknownEvents.stderr).toMatch(/--events is each .* or none/);
    const imported = await cim(['import', '--merchant', to.id, '--events', 'none', join(dir, 'from.pgp')], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/webhook events: none/);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 25, customersCreated: 5, paymentProfilesCreated: 25, alreadyPresent: 0, errors: [], rowsPerSecond: expect.any(Number) });
    expect(imported.stderr).toMatch(/import: 25\/25 rows \(\d+ rows\/s\)/);
    const again = await cim(['import', '--merchant', to.id, join(dir, 'from.pgp')], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 25, customersCreated: 0, paymentProfilesCreated: 0, alreadyPresent: 25 });

    // Read the target's cards back through an export to a key this test holds: the same 25 numbers.
    const mine = await openpgp.generateKey({ userIDs: [{ name: 'next processor' }], format: 'armored' });
    writeFileSync(join(dir, 'next.asc'), mine.publicKey);
    const out = await cim(['export', '--merchant', to.id, '--to-public-key', join(dir, 'next.asc'), '--out', join(dir, 'to.pgp'), '--data', 'json', '--confirm-export-card-data'], env);
    expect(out.code, out.stderr).toBe(0);
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: readFileSync(join(dir, 'to.pgp'), 'utf8') }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: mine.privateKey }),
      format: 'binary',
    });
    const numbers = parseRows(data).rows.map((r) => r.card_number!);
    expect(new Set(numbers).size).toBe(25);

    // Nothing in clear anywhere under the data folder (database, WAL, key files, exports): no 8-digit run of any number.
    const everything = Buffer.concat(filesUnder(dir).map((f) => readFileSync(f)));
    for (const number of numbers) for (const run of runsOf(number)) expect(everything.includes(Buffer.from(run)), run).toBe(false);
    expect(everything.includes(Buffer.from('PRIVATE KEY'))).toBe(false);

    // A file encrypted to someone else's key is refused as a whole.
    const wrong = await cim(['import', '--merchant', to.id, join(dir, 'to.pgp')], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/could not be decrypted with CIM's import key/);
  });
});
