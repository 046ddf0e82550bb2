import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessorTimeoutError } from '../types.ts';
import { postJson } from './http.ts';

let server: Server;
let base: string;
let redirectedTo = 0;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      if (req.url === '/bom') return void res.writeHead(200, { 'content-type': 'application/json' }).end('\uFEFF{"messages":{"resultCode":"Ok"}}');
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      if (req.url === '/elsewhere') return void (redirectedTo++, res.writeHead(200).end('{}'));
      if (req.url === '/huge') return void res.writeHead(200).end(`{"x":"${'a'.repeat(5000)}"}`);
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 2000);
      if (req.url === '/html') return void res.writeHead(200).end('<html>maintenance</html>');
      res.writeHead(500).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

describe('the gateway HTTP call', () => {
  it('posts JSON and reads an answer that starts with a byte-order mark, as Authorize.Net sends it', async () => {
    expect(await postJson(`${base}/bom`, { ping: { a: 1 } }, { timeoutMs: 5000 })).toEqual({ messages: { resultCode: 'Ok' } });
    expect(JSON.parse(bodies.at(-1)!)).toEqual({ ping: { a: 1 } });
  });

  it('never follows a redirect, and treats it, another status, an oversize, late or unreadable answer as an unknown outcome', async () => {
    await expect(postJson(`${base}/redirect`, {}, { timeoutMs: 5000 })).rejects.toThrow(ProcessorTimeoutError);
    expect(redirectedTo).toBe(0);
    await expect(postJson(`${base}/error`, {}, { timeoutMs: 5000 })).rejects.toThrow(/HTTP 500/);
    await expect(postJson(`${base}/huge`, {}, { timeoutMs: 5000, maxBytes: 1000 })).rejects.toThrow(/over 1000 bytes/);
    await expect(postJson(`${base}/slow`, {}, { timeoutMs: 200 })).rejects.toThrow(ProcessorTimeoutError);
    await expect(postJson(`${base}/html`, {}, { timeoutMs: 5000 })).rejects.toThrow(/not a JSON object/);
  });

  it('puts nothing of the request (the card) into its errors', async () => {
    const error = await postJson(`${base}/error`, { card: '4111111111111111' }, { timeoutMs: 5000 }).catch((e: Error) => e);
    expect(String(error) + JSON.stringify(error)).not.toContain('4111111111111111');
  });
});
