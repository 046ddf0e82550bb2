import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, type CheckoutServer } from '../checkout-test-support.ts';
import { rowCounts } from './fixtures.ts';

/**
 * Attacks not covered beside the code they target (tokens.test.ts, merchant-scoping.test.ts,
 * requests.test.ts hold the rest): each one as an attacker sends it, over a real socket.
 */
let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(() => t.cleanup());

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string) => token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString())) as [Record<string, unknown>, Record<string, unknown>];
const redeem = (token: string) => t.api('POST', '/v1/tokens/redeem', { token });

/** Raw bytes to the server, the answer's status line and body back: for what fetch refuses to send. */
function raw(request: string): Promise<string> {
  const { port } = new URL(t.base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('result token forgeries', () => {
  it('refuses HS256 signed with the published public key (algorithm confusion)', async () => {
    const { token } = await t.checkout();
    const [header, claims] = decode(token);
    const jwks = (await t.call('GET', '/.well-known/jwks.json', null)).body as { keys: Array<{ x: string; kid: string }> };
    const publicKey = Buffer.from(jwks.keys[0]!.x, 'base64url');
    for (const secret of [publicKey, Buffer.from(JSON.stringify(jwks.keys[0]))]) {
      const input = `${part({ ...header, alg: 'HS256' })}.${part(claims)}`;
      const res = await redeem(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('token_invalid');
    }
    expect((await redeem(token)).status).toBe(200);
  });

  it('refuses a token that is not valid yet (iat/nbf in the future) and one whose kid was edited to a retired or odd value', async () => {
    const { token } = await t.checkout();
    t.clock.advance(-10 * 60_000);
    expect((await redeem(token)).status).toBe(401);
    t.clock.advance(10 * 60_000);
    const [header, claims] = decode(token);
    const signature = token.split('.')[2]!;
    for (const kid of [`${header.kid}x`, '../../etc/passwd', '', 0, null]) {
      const res = await redeem(`${part({ ...header, kid })}.${part(claims)}.${signature}`);
      expect(res.status).toBe(401);
    }
    expect((await redeem(token)).status).toBe(200);
  });
});

describe('request smuggling and body attacks', () => {
  it('answers Content-Length with Transfer-Encoding as a bad request, never as two requests', async () => {
    const body = '0\r\n\r\nGET /v1/customers HTTP/1.1\r\nHost: x\r\n\r\n';
    const answer = await raw(
      `POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.merchant.secretKey}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer.match(/HTTP\/1\.1/g)).toHaveLength(1);
  });

  it('refuses an oversized chunked body with 413 as it streams, writing nothing', async () => {
    const before = (await rowCounts(t));
    const chunk = 'x'.repeat(16 * 1024);
    const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await raw(
      `POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.merchant.secretKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('body_too_large');
    expect((await rowCounts(t))).toEqual(before);
  });

  it('answers deeply nested JSON and __proto__ keys with a 400, never a 500, and pollutes nothing', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const text of [deep, '{"email":"a@b.co","__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}},"email":"a@b.co"}']) {
      const res = await fetch(`${t.base}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${t.merchant.secretKey}`, 'content-type': 'application/json' }, body: text });
      expect(res.status, text.slice(0, 40)).toBe(400);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses a card number written in Unicode digits (not silently normalised into a different card)', async () => {
    const w = t.widget(await t.newSession());
    const res = await w('POST', '/payment-profiles', { card: { number: '４１１１１１１１１１１１１１１１', expMonth: 12, expYear: 2030, cvc: '123' }, billTo: TEST_BILL_TO });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_card_number');
  });
});
