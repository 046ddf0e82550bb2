import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the receiver answered it (false while held, or if the sender went away first). */
  answered: boolean;
}

/**
 * A webhook receiver on loopback for tests: records every request and answers with what
 * `respond` does (by default 200). `verify` checks a request the way a merchant would, with
 * standardwebhooks' Webhook.verify.
 */
export async function startReceiver(respond: (request: Received, n: number, res: ServerResponse) => void | number = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: Received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: false };
      received.push(request);
      res.once('finish', () => {
        request.answered = true;
      });
      const status = respond(request, received.length, res);
      if (typeof status === 'number') res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${received.length}`);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** Verifies with the library merchants use; returns the parsed body, throws on a bad signature. */
    verify: (secret: string, request: Received) =>
      new Webhook(secret).verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as { id: string; type: string; timestamp: string; data: Record<string, unknown> },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
