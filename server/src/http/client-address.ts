import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.ts';
import { clientAddressOf, parseTrustedProxies } from './trusted-proxies.ts';

/**
 * The client's address: the Node socket's peer when served by @hono/node-server (null
 * under app.request() in tests). `X-Forwarded-For` / `Forwarded` are read only when
 * the peer is one of the proxies in CIM_TRUST_PROXY; anyone else's header is ignored.
 */
export function clientAddress(trustProxy: string | undefined) {
  const trusted = trustProxy ? parseTrustedProxies(trustProxy).list : null;
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    const peer = incoming?.socket?.remoteAddress ?? null;
    c.set('clientAddress', clientAddressOf(peer, trusted, { forwarded: c.req.header('forwarded'), xForwardedFor: c.req.header('x-forwarded-for') }));
    await next();
  });
}
