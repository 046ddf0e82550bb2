import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.ts';

/**
 * The peer address from the Node socket when served by @hono/node-server;
 * null under app.request() in tests. Forwarded headers are not trusted.
 */
export function clientAddress() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    c.set('clientAddress', incoming?.socket?.remoteAddress ?? null);
    await next();
  });
}
