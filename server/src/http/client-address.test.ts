import { luhnValid } from '@cim/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, type CheckoutServer } from '../checkout-test-support.ts';
import { clientAddressOf, parseTrustedProxies } from './trusted-proxies.ts';

const trusted = parseTrustedProxies('10.0.0.0/8, 2001:db8::/32').list;

describe('clientAddressOf', () => {
  it('reads X-Forwarded-For only from a trusted proxy, right to left, skipping further trusted hops', () => {
    expect(clientAddressOf('10.1.2.3', trusted, { xForwardedFor: '198.51.100.7' })).toBe('198.51.100.7');
    expect(clientAddressOf('::ffff:10.1.2.3', trusted, { xForwardedFor: '1.2.3.4, 198.51.100.7, 10.9.9.9' })).toBe('198.51.100.7');
    // A client cannot pick its address by sending its own header: the untrusted peer is the client.
    expect(clientAddressOf('203.0.113.5', trusted, { xForwardedFor: '198.51.100.7' })).toBe('203.0.113.5');
    expect(clientAddressOf('203.0.113.5', null, { xForwardedFor: '198.51.100.7' })).toBe('203.0.113.5');
    // Garbage in the header falls back to the proxy's own address.
    expect(clientAddressOf('10.1.2.3', trusted, { xForwardedFor: 'not-an-ip' })).toBe('10.1.2.3');
    expect(clientAddressOf('10.1.2.3', trusted, {})).toBe('10.1.2.3');
  });

  it('reads RFC 7239 Forwarded: for= with ports, quotes and IPv6 brackets', () => {
    expect(clientAddressOf('10.0.0.1', trusted, { forwarded: 'for=192.0.2.60;proto=https;by=10.0.0.1' })).toBe('192.0.2.60');
    expect(clientAddressOf('10.0.0.1', trusted, { forwarded: 'for="[2001:db9::17]:4711", for=10.2.2.2' })).toBe('2001:db9::17');
    expect(clientAddressOf('10.0.0.1', trusted, { forwarded: 'for=192.0.2.43:8080' })).toBe('192.0.2.43');
    expect(clientAddressOf('2001:db8::1', trusted, { forwarded: 'for=unknown' })).toBe('2001:db8::1');
  });
});

/** Distinct valid Visa numbers, one per shopper. */
function visa(n: number): string {
  const body = `4${String(100_000_000_000_00 + n).padStart(14, '0')}`;
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('shoppers behind a TLS proxy', () => {
  let t: CheckoutServer;
  afterEach(() => t.cleanup());

  async function saveAs(shopper: number): Promise<number> {
    const session = await t.newSession();
    const saved = await fetch(`${t.base}/widget/api/payment-profiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${shopper + 1}` },
      body: JSON.stringify({ card: { number: visa(shopper), expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO }),
    });
    return saved.status;
  }

  it('with CIM_TRUST_PROXY naming the proxy, each shopper is limited on their own address: the 21st new shopper saves a card', async () => {
    t = await startCheckoutServer({ env: { CIM_TRUST_PROXY: '127.0.0.1/32' } });
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push(await saveAs(i));
    expect(statuses).toEqual(Array(25).fill(201));
  });

  it('without it (or from a peer it does not name) X-Forwarded-For is ignored: one address, refused after 20 saves', async () => {
    for (const env of [{}, { CIM_TRUST_PROXY: '10.0.0.0/8' }] as Array<Record<string, string>>) {
      t = await startCheckoutServer({ env });
      const statuses = [];
      for (let i = 0; i < 21; i++) statuses.push(await saveAs(i));
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201));
      expect(statuses[20]).toBe(429);
      await t.cleanup();
    }
    t = await startCheckoutServer();
  });
});
