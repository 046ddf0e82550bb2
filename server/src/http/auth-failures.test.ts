import fc from 'fast-check';
import { containsCardNumber } from '@cim/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, type CheckoutServer } from '../checkout-test-support.ts';
import { databaseFiles, readDatabase } from '../testing/database-reader.ts';

/** Failed authentication as an attacker drives it: over a real socket, behind a trusted proxy that names many client addresses. */
let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer({ env: { CIM_TRUST_PROXY: '127.0.0.1/32' } });
});
afterEach(() => t.cleanup());

/** A raw request (the path is sent as written, encodings and all) with a bearer credential. */
const attempt = (method: string, path: string, options: { key?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${t.base}${path}`, { method, headers: { authorization: `Bearer ${options.key ?? t.merchant.secretKey}`, ...options.headers } });

const CARD = '4556737586899855';
let addressSeq = 0;
const freshAddress = () => `198.51.${(addressSeq >> 8) & 255}.${addressSeq++ & 255}`;

/** Every byte the vault keeps on disk (SQLite's file and WAL, or PostgreSQL's WAL and data files), as text. */
const diskText = async () => (await databaseFiles(t)).map((b) => b.toString('latin1')).join('\n');

const hex = (c: string) => '%' + c.charCodeAt(0).toString(16).toUpperCase();
/** A card number as it can be smuggled into a URL path: separators, percent-encoding (once or twice), full-width and Arabic-Indic digits. */
const encodedCardPath = fc
  .tuple(
    fc.array(fc.constantFrom('', '/', '.', '_', '-', '%2D', '%20', '~', '%2F', '+'), { minLength: 15, maxLength: 15 }),
    fc.array(fc.constantFrom<(d: string) => string>((d) => d, hex, (d) => '%25' + hex(d).slice(1), (d) => encodeURIComponent(String.fromCodePoint(0xff10 + Number(d))), (d) => encodeURIComponent(String.fromCodePoint(0x0660 + Number(d)))), { minLength: 16, maxLength: 16 }),
    fc.constantFrom('', '?q=1', '/payment-profiles'),
  )
  .map(([seps, encs, tail]) => `/v1/${[...CARD].map((d, i) => encs[i]!(d) + (seps[i] ?? '')).join('')}${tail}`);

describe('failed authentication', () => {
  it('never stores a card number from the path, whatever its encoding: the audit log holds the route pattern only', async () => {
    const paths = [
      '/v1/4556/7375/8689/9855',
      '/v1/4556.7375.8689.9855',
      '/v1/4556_7375_8689_9855',
      '/v1/45567375%2D86899855',
      '/v1/%34%35%35%36%37%33%37%35%38%36%38%39%39%38%35%35',
      ...fc.sample(encodedCardPath, { numRuns: 60, seed: 12 }),
    ];
    for (const path of paths) {
      const res = await attempt('GET', path, { key: 'sk_wrongwrongwrongwrongwrong', headers: { 'x-forwarded-for': freshAddress() } });
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain(CARD);
    }
    // Audit writes are awaited before each 401 is sent: the rows are committed by now.
    const rows = await readDatabase(t, 'SELECT * FROM audit_log');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(String(row.detail)).toMatch(/^GET \/v1(\/(:param|payment-profiles))*$/);
      for (const value of Object.values(row)) expect(containsCardNumber(String(value))).toBe(false);
    }
    const disk = await diskText();
    expect(disk).not.toContain(CARD);
    expect(disk).not.toContain('%34%35%35%36');
    expect(disk).not.toContain('4556/7375');
    expect(t.logLines.join('\n')).not.toContain(CARD);
  });

  it('throttles one address with 429 and Retry-After after a burst, for secret keys, transaction keys and session tokens alike', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt('GET', '/v1/customers', { key: `sk_guess${String(i).padStart(20, '0')}`, headers: attacker })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const blocked = await attempt('GET', '/v1/customers', { key: 'sk_another_guess_xxxxxxxxxxxxx', headers: attacker });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });

    // The same address is throttled on the widget API and the Authorize.Net API too…
    expect((await attempt('GET', '/widget/api/wallet', { key: 'cs_nope', headers: attacker })).status).toBe(429);
    const anet = await fetch(`${t.base}/xml/v1/request.api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...attacker },
      body: JSON.stringify({ getCustomerProfileIdsRequest: { merchantAuthentication: { name: t.merchant.apiLoginId, transactionKey: 'guess' } } }),
    });
    expect(anet.status).toBe(429);
    expect(anet.headers.get('retry-after')).not.toBeNull();

    // …while everyone else, and the merchant's own key from another address, go on.
    expect((await attempt('GET', '/v1/customers', { headers: { 'x-forwarded-for': '192.0.2.10' } })).status).toBe(200);
    expect((await attempt('GET', '/v1/customers', { key: 'sk_wrongwrongwrongwrongwrong', headers: { 'x-forwarded-for': '192.0.2.11' } })).status).toBe(401);
  });

  it('aggregates a flood into one audit row per address and window, with a count', async () => {
    const flood = Array.from({ length: 15 }, () => attempt('GET', '/v1/customers', { key: 'sk_wrongwrongwrongwrongwrong', headers: { 'x-forwarded-for': '203.0.113.7' } }));
    await Promise.all(flood);
    await attempt('GET', '/v1/customers', { key: 'sk_wrongwrongwrongwrongwrong', headers: { 'x-forwarded-for': '203.0.113.8' } });
    const rows = await t.deps.store.audit.listUnattributed(100);
    expect(rows.map((r) => [r.clientAddress, r.count])).toEqual([
      ['203.0.113.8', 1],
      ['203.0.113.7', 15],
    ]);
    // Past the budget the address is refused before any lookup: the table does not grow either.
    await Promise.all(Array.from({ length: 30 }, () => attempt('GET', '/v1/customers', { key: 'sk_wrongwrongwrongwrongwrong', headers: { 'x-forwarded-for': '203.0.113.7' } })));
    expect(await t.deps.store.audit.listUnattributed(100)).toHaveLength(2);
    // A new window starts a new row.
    t.clock.advance(11 * 60_000);
    await attempt('GET', '/v1/customers', { key: 'sk_wrongwrongwrongwrongwrong', headers: { 'x-forwarded-for': '203.0.113.8' } });
    expect(await t.deps.store.audit.listUnattributed(100)).toHaveLength(3);
  });
});
