import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateForwardHosts } from '../domain/forward-hosts.ts';
import { startHttpsDestination } from '../testing/https-destination.ts';
import { makeTestApp } from '../test-support.ts';
import { CARDS, cardBody, expectErrorBody, json, newCard, newCustomer, type TestApp } from './fixtures.ts';

/**
 * The forwarding proxy over real HTTPS: a loopback server with its own CA stands in for a
 * processor. It must receive the real card; the merchant must get its answer back without it.
 */
let dest: Awaited<ReturnType<typeof startHttpsDestination>>;
let t: TestApp;
let profileId: string;
const NUMBER = CARDS.mastercard;

beforeAll(async () => {
  dest = await startHttpsDestination((req, res) => {
    if (req.path === '/redirect') {
      res.writeHead(302, { location: `https://${dest.host}/charge` }).end();
    } else if (req.path === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
    } else if (req.path === '/slow') {
      // Never answers: the forward's deadline must end it.
    } else {
      // A processor that echoes what it got, as some do in their answers and error messages.
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': 'session=secret', 'x-request-id': 'proc-1', server: 'proc/1.0' });
      res.end(JSON.stringify({ id: 'ch_1', echo: req.body, spaced: NUMBER.replace(/(\d{4})/g, '$1 ').trim(), exp: '12/30' }));
    }
  });
  t = await makeTestApp({
    env: { CIM_FORWARD_ALLOW_PRIVATE: '1', CIM_FORWARD_CA_FILE: dest.caFile, CIM_FORWARD_TIMEOUT_MS: '1500', CIM_FORWARD_MAX_RESPONSE_BYTES: '2048' },
  });
  await updateForwardHosts(t.deps, t.merchant.id, { add: [dest.host], remove: [] });
  const customerId = await newCustomer(t.api);
  profileId = (await newCard(t.api, customerId, cardBody(NUMBER, { billTo: { firstName: 'Ada "The" Countess', lastName: 'Love&lace=1', zip: '10001' } }))).id;
}, 60_000);
afterAll(async () => {
  await t.cleanup();
  await dest.close();
});

const template = async (body: Record<string, unknown>, app: TestApp = t) => {
  const res = await app.api('POST', '/v1/forward/templates', body);
  return { status: res.status, body: await json<Record<string, unknown> & { id: string }>(res) };
};
const send = (templateId: string, variables?: Record<string, string>, app: TestApp = t) =>
  app.api('POST', '/v1/forward', { templateId, paymentProfileId: profileId, ...(variables && { variables }) });

const jsonTemplate = () => ({
  name: 'charge',
  method: 'POST',
  url: `https://${dest.host}/charge?order={{vars.orderId}}`,
  headers: { Authorization: 'Bearer proc_secret_{{vars.orderId}}' },
  bodyType: 'json',
  body: '{"card":{"number":"{{card.number}}","exp":"{{card.expiry}}","month":"{{card.expMonth}}","year":"{{card.expYear}}"},"name":"{{billTo.firstName}} {{billTo.lastName}}","amount":"{{vars.amount}}"}',
});

describe('POST /v1/forward', () => {
  it('sends the real card to the destination and answers its reply with every card number and expiry removed', async () => {
    const created = await template(jsonTemplate());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Header values and the body may hold the processor's credentials: never answered back.
    expect(JSON.stringify(created.body)).not.toContain('proc_secret');
    expect(created.body).toMatchObject({ headerNames: ['Authorization'], bodyType: 'json', placeholders: expect.arrayContaining(['card.number', 'vars.orderId']) });

    const before = dest.received.length;
    const res = await send(created.body.id, { orderId: 'o-42', amount: '10.00' });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const got = dest.received[before]!;
    expect(got.path).toBe('/charge?order=o-42');
    expect(got.headers.authorization).toBe('Bearer proc_secret_o-42');
    expect(got.headers['content-type']).toBe('application/json');
    // JSON escaping: the quotes in the billing name arrive as data, not as structure.
    expect(JSON.parse(got.body)).toEqual({ card: { number: NUMBER, exp: '12/30', month: '12', year: '2030' }, name: 'Ada "The" Countess Love&lace=1', amount: '10.00' });

    const answer = JSON.parse(text) as { status: number; headers: Record<string, string>; body: string };
    expect(answer.status).toBe(201);
    expect(answer.headers).toEqual({ 'content-type': 'application/json', 'x-request-id': 'proc-1', date: expect.any(String) });
    expect(text).not.toContain(NUMBER);
    expect(text).not.toContain(NUMBER.replace(/(\d{4})/g, '$1 ').trim());
    expect(text).not.toContain('12/30');
    expect(JSON.parse(answer.body)).toMatchObject({ id: 'ch_1' });

    const entries = await t.deps.store.audit.listForMerchant(t.merchant.id, 20);
    const sent = entries.find((e) => e.action === 'forward.send');
    expect(sent).toMatchObject({ outcome: 'success', recordId: created.body.id, detail: `profile ${profileId} to ${dest.host}: 201` });
    expect(JSON.stringify(entries)).not.toContain(NUMBER);
  });

  it('escapes placeholders for a form body', async () => {
    const created = await template({ method: 'POST', url: `https://${dest.host}/form`, bodyType: 'form', body: 'number={{card.number}}&exp={{card.expiryMMYY}}&last={{billTo.lastName}}&first={{billTo.firstName}}' });
    expect(created.status).toBe(201);
    const before = dest.received.length;
    expect((await send(created.body.id)).status).toBe(200);
    const got = dest.received[before]!;
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(got.body))).toEqual({ number: NUMBER, exp: '1230', last: 'Love&lace=1', first: 'Ada "The" Countess' });
  });

  it('refuses a template for a host the operator has not allowed, and a forward once the host is removed', async () => {
    const refused = await template({ method: 'POST', url: 'https://api.elsewhere.test/charge', bodyType: 'json', body: '{"n":"{{card.number}}"}' });
    expect(refused.status).toBe(403);
    expectErrorBody(refused.body, 'forward_host_not_allowed');

    const created = await template(jsonTemplate());
    await updateForwardHosts(t.deps, t.merchant.id, { add: [], remove: [dest.host] });
    const before = dest.received.length;
    try {
      const res = await send(created.body.id, { orderId: 'x' });
      expect(res.status).toBe(403);
      expectErrorBody(await res.json(), 'forward_host_not_allowed');
      expect(dest.received.length).toBe(before);
    } finally {
      await updateForwardHosts(t.deps, t.merchant.id, { add: [dest.host], remove: [] });
    }
    const entries = await t.deps.store.audit.listForMerchant(t.merchant.id, 5);
    expect(entries.find((e) => e.action === 'forward.send')).toMatchObject({ outcome: 'failure', detail: expect.stringMatching(/^forward_host_not_allowed/) });
  });

  it('refuses unknown placeholders and card data in the URL', async () => {
    const unknown = await template({ method: 'POST', url: `https://${dest.host}/x`, bodyType: 'json', body: '{"cvv":"{{card.cvc}}"}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'invalid_request', field: 'body' } });
    const inUrl = await template({ method: 'GET', url: `https://${dest.host}/x?pan={{card.number}}` });
    expect(inUrl.status).toBe(400);
    expect(inUrl.body).toMatchObject({ error: { code: 'invalid_request', field: 'url' } });
    const http = await template({ method: 'GET', url: `http://${dest.host}/x` });
    expect(http.status).toBe(400);
    for (const header of ['Host', 'Content-Length', 'Transfer-Encoding', 'Proxy-Authorization']) {
      const reserved = await template({ method: 'GET', url: `https://${dest.host}/x`, headers: { [header]: 'evil.test' } });
      expect(reserved.body, header).toMatchObject({ error: { code: 'invalid_request', field: `headers.${header}` } });
    }
  });

  it('never follows a redirect', async () => {
    const created = await template({ method: 'POST', url: `https://${dest.host}/redirect`, bodyType: 'json', body: '{"n":"{{card.number}}"}' });
    const before = dest.received.length;
    const res = await send(created.body.id);
    expect(res.status).toBe(502);
    const body = await json<{ error: { code: string; message: string } }>(res);
    expect(body.error).toMatchObject({ code: 'forward_failed', message: expect.stringMatching(/redirect/) });
    // Only the first request: /charge was never asked.
    expect(dest.received.slice(before).map((r) => r.path)).toEqual(['/redirect']);
  });

  it('refuses an answer over the size cap', async () => {
    const created = await template({ method: 'GET', url: `https://${dest.host}/big` });
    const res = await send(created.body.id);
    expect(res.status).toBe(502);
    expect((await json<{ error: { code: string; message: string } }>(res)).error).toMatchObject({ code: 'forward_failed', message: expect.stringMatching(/larger than 2048 bytes/) });
  });

  it('gives up after the timeout', { timeout: 20_000 }, async () => {
    const created = await template({ method: 'GET', url: `https://${dest.host}/slow` });
    const started = Date.now();
    const res = await send(created.body.id);
    expect(res.status).toBe(504);
    expectErrorBody(await res.json(), 'forward_timeout');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('lists, reads and deletes templates', async () => {
    const created = await template({ name: 'void', method: 'DELETE', url: `https://${dest.host}/charges/{{vars.id}}` });
    expect((await json<{ data: Array<{ id: string }> }>(await t.api('GET', '/v1/forward/templates'))).data.map((x) => x.id)).toContain(created.body.id);
    expect(await json(await t.api('GET', `/v1/forward/templates/${created.body.id}`))).toEqual(created.body);
    expect((await t.api('DELETE', `/v1/forward/templates/${created.body.id}`)).status).toBe(204);
    expect((await t.api('GET', `/v1/forward/templates/${created.body.id}`)).status).toBe(404);
    expect((await send(created.body.id)).status).toBe(404);
  });
});

describe('POST /v1/forward without the test settings', () => {
  /** A second app (one at a time: on PostgreSQL each takes the run's database), its merchant allowed `hosts`, and one card. */
  async function otherApp(env: Record<string, string>, hosts: string[], run: (app: TestApp, profile: string) => Promise<void>) {
    const app = await makeTestApp({ env });
    try {
      await updateForwardHosts(app.deps, app.merchant.id, { add: hosts, remove: [] });
      await run(app, (await newCard(app.api, await newCustomer(app.api))).id);
    } finally {
      await app.cleanup();
    }
  }
  const forwardTo = async (app: TestApp, profile: string, host: string) => {
    const created = await template({ method: 'POST', url: `https://${host}/charge`, bodyType: 'json', body: '{"n":"{{card.number}}"}' }, app);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await app.api('POST', '/v1/forward', { templateId: created.body.id, paymentProfileId: profile });
    return { status: res.status, error: (await json<{ error: { code: string; message: string } }>(res)).error };
  };

  it('refuses loopback and private destinations', { timeout: 30_000 }, async () => {
    const hosts = [dest.host, `127.0.0.1:${dest.port}`, '[::ffff:7f00:1]', '10.1.2.3', '169.254.169.254'];
    await otherApp({ CIM_FORWARD_CA_FILE: dest.caFile }, hosts, async (app, profile) => {
      const before = dest.received.length;
      for (const host of hosts) {
        expect(await forwardTo(app, profile, host), host).toMatchObject({ status: 403, error: { code: 'forward_host_not_allowed', message: expect.stringMatching(/private, loopback or link-local/) } });
      }
      expect(dest.received.length).toBe(before);
    });
  });

  it('refuses a certificate from a CA it was not told to trust', { timeout: 30_000 }, async () => {
    await otherApp({ CIM_FORWARD_ALLOW_PRIVATE: '1' }, [dest.host], async (app, profile) => {
      const before = dest.received.length;
      expect(await forwardTo(app, profile, dest.host)).toMatchObject({ status: 502, error: { code: 'forward_failed', message: expect.stringMatching(/CERT|SIGNATURE/) } });
      expect(dest.received.length).toBe(before);
    });
  });
});
