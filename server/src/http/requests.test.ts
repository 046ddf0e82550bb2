import { serve, type ServerType } from '@hono/node-server';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARDS, ROUTING, cardBody, expectErrorBody, json, newCard, newCustomer, rowCounts, type TestApp } from '../routes/fixtures.ts';
import { makeTestApp } from '../test-support.ts';
import { readDatabase } from '../testing/database-reader.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.cleanup();
});

describe('error body', () => {
  it('is {error: {code, message, field?, requestId}} and the request id matches the header', async () => {
    const res = await t.api('POST', '/v1/customers', { email: 'nope' });
    expect(res.status).toBe(400);
    const body = await json<{ error: { requestId: string } }>(res);
    expectErrorBody(body, 'invalid_request');
    expect(body).toMatchObject({ error: { field: 'email' } });
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers unknown routes and methods with the same shape', async () => {
    for (const res of [await t.api('GET', '/v1/nothing'), await t.api('PUT', '/v1/customers/1234567890', {}), await t.app.request('/nowhere')]) {
      expect(res.status).toBe(404);
      expectErrorBody(await json(res), 'not_found');
    }
  });
});

describe('request bodies', () => {
  it('refuses malformed JSON with invalid_json', async () => {
    for (const text of ['{"email":', '{email: "a@b.co"}', "{'a':1}", '', '\u0000']) {
      const res = await t.api('POST', '/v1/customers', text);
      expect(res.status, JSON.stringify(text)).toBe(400);
      expectErrorBody(await json(res), 'invalid_json');
    }
  });

  it('refuses JSON that is not an object', async () => {
    for (const text of ['[]', 'null', '42', '"x"', 'true']) {
      const res = await t.api('POST', '/v1/customers', text);
      expect(res.status, text).toBe(400);
      expectErrorBody(await json(res), 'invalid_request');
    }
  });

  it('refuses a body that is not declared as JSON (415 unsupported_media_type)', async () => {
    const body = JSON.stringify({ email: 'a@b.co' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await t.app.request('/v1/customers', { method: 'POST', body, headers: { authorization: `Bearer ${t.merchant.secretKey}`, ...(type && { 'content-type': type }) } });
      expect(res.status, type).toBe(415);
      expectErrorBody(await json(res), 'unsupported_media_type');
    }
    const ok = await t.api('POST', '/v1/customers', body, { 'content-type': 'application/json; charset=utf-8' });
    expect(ok.status).toBe(201);
    expect((await rowCounts(t)).customers).toBe(1);
  });

  it('refuses unknown fields at any depth, naming them', async () => {
    const customerId = await newCustomer(t.api);
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/v1/customers', { email: 'a@b.co', admin: true }, 'admin'],
      ['POST', `/v1/customers/${customerId}/payment-profiles`, { ...cardBody(), extra: 1 }, 'extra'],
      ['POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(CARDS.visa, {}, { track2: 'x' }), 'track2'],
      ['POST', `/v1/customers/${customerId}/payment-profiles`, cardBody(CARDS.visa, { billTo: { street: 'x' } }), 'street'],
    ];
    for (const [method, path, body, name] of cases) {
      const res = await t.api(method, path, body);
      expect(res.status).toBe(400);
      const err = await json<{ error: { message: string } }>(res);
      expectErrorBody(err, 'invalid_request');
      expect(err.error.message).toContain(name);
    }
  });

  it('never echoes a card-number-shaped field name', async () => {
    const res = await t.api('POST', '/v1/customers', { email: 'a@b.co', [CARDS.visa]: 1 });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('41111111');
  });

  it('refuses bodies over 64 KiB with 413 body_too_large', async () => {
    const res = await t.api('POST', '/v1/customers', { description: 'x'.repeat(65 * 1024) });
    expect(res.status).toBe(413);
    expectErrorBody(await json(res), 'body_too_large');
    expect((await rowCounts(t)).customers).toBe(0);
  });
});

describe('over a real listening server', () => {
  let server: ServerType;
  let port: number;
  beforeEach(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // A 413 answered mid-upload leaves that connection open; do not wait for it.
      (server as import('node:http').Server).closeAllConnections();
    });
  });

  /** Sends `chunks` with Transfer-Encoding: chunked (no Content-Length) and reads the answer. */
  function chunked(path: string, chunks: string[]): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${t.merchant.secretKey}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      const write = (i: number) => {
        if (i >= chunks.length) return req.end();
        // Stop sending once the server has answered (it may close the upload early).
        if (req.destroyed) return;
        req.write(chunks[i], () => setImmediate(() => write(i + 1)));
      };
      write(0);
    });
  }

  it('counts a chunked body as it streams and answers 413 past 64 KiB, writing nothing', async () => {
    const before = (await rowCounts(t));
    const piece = 'x'.repeat(8 * 1024);
    const res = await chunked('/v1/customers', ['{"description":"', ...Array.from({ length: 10 }, () => piece), '"}']);
    expect(res.status).toBe(413);
    expectErrorBody(JSON.parse(res.body), 'body_too_large');
    expect((await rowCounts(t))).toEqual(before);
  });

  it('accepts a chunked body under the limit', async () => {
    const res = await chunked('/v1/customers', ['{"email":', '"chunk@example.com"', '}']);
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ email: 'chunk@example.com' });
  });

  it('records a failed authentication with the client address, and no secret', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/customers/4111111111111111`, { headers: { authorization: 'Bearer sk_wrongwrongwrongwrongwrongwrong' } });
    expect(res.status).toBe(401);
    const rows = await readDatabase(t, "SELECT * FROM audit_log WHERE action = 'auth.failure'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'failure', client_address: '127.0.0.1' });
    // No merchant: NULL on SQLite, '' on PostgreSQL (where merchant_id is the never-NULL distribution column).
    expect(rows[0]!.merchant_id || null).toBeNull();
    const text = JSON.stringify(rows);
    expect(text).not.toContain('wrongwrong');
    expect(text).not.toContain('4111111111111111');
  });
});

describe('authentication', () => {
  it('answers every kind of bad credential with the same 401', async () => {
    const bad: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer' },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: 'Bearer sk_thisisnotarealkeybutlongenough' },
      { authorization: `Bearer ${t.merchant.secretKey}x` },
      { authorization: `Bearer ${t.merchant.secretKey.slice(0, -1)}` },
      { authorization: `bearer  ${'a'.repeat(5000)}` },
    ];
    for (const headers of bad) {
      const res = await t.app.request('/v1/customers', { headers });
      expect(res.status).toBe(401);
      const body = await json<{ error: { message: string } }>(res);
      expectErrorBody(body, 'unauthorized');
    }
  });
});

describe('no input makes the server answer 500', () => {
  const weird: unknown[] = [
    {}, [], null, 0, -1, 1e308, 'x', true,
    { __proto__: { admin: true } }, JSON.parse('{"__proto__": {"x": 1}}'), { constructor: { prototype: {} } },
    { card: null }, { card: [] }, { card: {} }, { card: { number: 4111111111111111, expMonth: 12, expYear: 2030 } },
    { card: { number: CARDS.visa, expMonth: '12', expYear: '2030' } },
    { card: { number: CARDS.visa, expMonth: 1e20, expYear: -1 } },
    { card: { number: CARDS.visa, expMonth: 12.5, expYear: 2030 } },
    { card: { number: CARDS.visa, expMonth: [12], expYear: { y: 2030 } } },
    { card: { number: '9'.repeat(40), expMonth: 12, expYear: 2030 } },
    { card: { number: '\u0000'.repeat(19), expMonth: 12, expYear: 2030 } },
    { card: { number: CARDS.visa, expMonth: 12, expYear: 2030, cvc: 123 } },
    { bankAccount: { accountType: 'checking', routingNumber: ROUTING, accountNumber: '1'.repeat(17), nameOnAccount: '\u{1F600}'.repeat(22) } },
    { bankAccount: {} }, { billTo: 'x' }, { billTo: { zip: null } }, { isDefault: 'true' }, { customerType: 'robot' },
    { email: 'a@b.co', description: '\u{1F600}'.repeat(255) }, { merchantCustomerId: '\u0000' }, { email: '\uD800@x.co' },
    { firstName: 'x'.repeat(10_000) }, { zip: 1 }, { isDefault: null },
    JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`),
    Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
  ];

  it('holds for every endpoint with odd bodies, ids and queries', async () => {
    const customerId = await newCustomer(t.api);
    const card = await newCard(t.api, customerId);
    const address = await json<{ id: string }>(await t.api('POST', `/v1/customers/${customerId}/shipping-addresses`, { firstName: 'A' }));
    const ids = [customerId, '0', '-1', '1.5', '1e3', '99999999999999999999999', 'abc', '%00', '%F0%9F%98%80', "1'OR'1'='1"];
    const statuses = new Set<number>();
    const check = async (method: string, path: string, body?: unknown) => {
      const res = await t.api(method, path, body);
      statuses.add(res.status);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toBeLessThan(500);
      if (res.status >= 400) {
        const err = await json<{ error: { code: string } }>(res);
        expectErrorBody(err, err.error.code);
      }
    };
    for (const body of weird) {
      await check('POST', '/v1/customers', body);
      await check('PATCH', `/v1/customers/${customerId}`, body);
      await check('POST', `/v1/customers/${customerId}/payment-profiles`, body);
      await check('PATCH', `/v1/customers/${customerId}/payment-profiles/${card.id}`, body);
      await check('POST', `/v1/customers/${customerId}/shipping-addresses`, body);
      await check('PATCH', `/v1/customers/${customerId}/shipping-addresses/${address.id}`, body);
    }
    for (const id of ids) {
      await check('GET', `/v1/customers/${id}`);
      await check('GET', `/v1/customers/${id}/payment-profiles/${id}`);
      await check('GET', `/v1/customers/${customerId}/payment-profiles/${id}?bin=maybe`);
      await check('GET', `/v1/customers/${id}/shipping-addresses`);
      await check('DELETE', `/v1/customers/${id}/shipping-addresses/${id}`);
      await check('DELETE', `/v1/customers/${id}/payment-profiles/${id}`);
    }
    for (const q of ['limit=-5', 'limit=1e9', 'cursor=%FF', 'cursor=W10', 'email[]=a', 'email=a&email=b', 'merchantCustomerId=' + 'x'.repeat(5000)]) {
      await check('GET', `/v1/customers?${q}`);
      await check('GET', `/v1/payment-profiles?expiringIn=2030-12&${q}`);
    }
    expect(statuses.has(500)).toBe(false);
  });
});
