import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/**
 * An HTTP server already listening on a free loopback port. Tests that need
 * their URL before building the app (CIM_PUBLIC_URL, a merchant's allowed
 * origin) listen first and attach the app after: picking a port, closing it and
 * listening again later leaves a window in which a parallel test file takes it.
 */
export async function listenOnFreePort(handler?: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return { server, port };
}

/** Serves a fetch handler (a Hono app) on a server from listenOnFreePort. */
export function serveApp(server: Server, fetch: (request: Request) => Response | Promise<Response>): void {
  server.on('request', getRequestListener(fetch));
}

export const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
