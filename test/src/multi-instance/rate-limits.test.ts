/**
 * The widget API's rate limits with two real `cim serve` processes on one database:
 * the buckets live in the database, so spreading requests over instances gains an
 * attacker nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnValid } from '@cim/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cimCli, startCim, type CimProcess } from '../cim-process.ts';
import { startSharedDatabase, type SharedDatabase, type StoreKind } from './shared-database.ts';

const ORIGIN = 'https://shop.limits.test';
const BILL_TO = { firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'London', zip: '10001', country: 'US' };

/** A distinct Luhn-valid Visa number per n, so the per-card-number limit stays out of the way. */
function visa(n: number): string {
  const body = `4000${String(n).padStart(11, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

describe.each<StoreKind>(['postgres', 'sqlite'])('widget rate limits across two instances on one %s database', (kind) => {
  let db: SharedDatabase;
  let dataDir: string;
  let instances: CimProcess[];
  let secretKey: string;

  beforeAll(async () => {
    db = await startSharedDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'cim-limits-'));
    // The production limits (CIM_WIDGET_RATE_LIMIT_SCALE unset): 20 card saves per client address in a burst.
    const env = { CIM_DATABASE_URL: db.url, CIM_DATA_DIR: dataDir, CIM_MASTER_KEY: randomBytes(32).toString('base64'), CIM_PUBLIC_URL: 'http://cim.limits.test', CIM_LOG_LEVEL: 'warn' };
    secretKey = (JSON.parse(await cimCli(['merchant', 'create', '--name', 'Limits Shop', '--origin', ORIGIN], env)) as { secretKey: string }).secretKey;
    instances = await Promise.all([startCim(env), startCim(env)]);
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((i) => i.stop()));
    await db?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('card saves from one address over both instances: 20 in a burst, then 429 with Retry-After', async () => {
    // The sessions first: the address's bucket refills one save every 30 s, so the 24 saves must not
    // wait on 24 session creations in between (on a loaded machine those could take half a minute).
    const tokens: string[] = [];
    for (let i = 0; i < 24; i++) {
      // A new shopper each time (a card tester's pattern), alternating instances.
      const session = await fetch(`${instances[i % 2]!.url}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ origin: ORIGIN, merchantCustomerId: `t-${i}-${randomBytes(3).toString('hex')}` }),
      });
      expect(session.status).toBe(201);
      tokens.push(((await session.json()) as { token: string }).token);
    }
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (const [i, token] of tokens.entries()) {
      const save = await fetch(`${instances[(i + 1) % 2]!.url}/widget/api/payment-profiles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ card: { number: visa(i), expMonth: 12, expYear: 2031, cvc: '123' }, billTo: BILL_TO }),
      });
      statuses.push(save.status);
      if (save.status === 429) retryAfter ??= save.headers.get('retry-after');
    }
    expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(201));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
