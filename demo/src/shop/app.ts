import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { logger } from 'hono/logger';
import { secureHeaders } from 'hono/secure-headers';
import { loadShopper } from './auth.ts';
import { backOffice, requireBackOffice } from './back-office.ts';
import type { ShopDeps, ShopEnv } from './env.ts';
import { account } from './routes/account.ts';
import { billing } from './routes/billing.ts';
import { checkout } from './routes/checkout.ts';
import { orders } from './routes/orders.ts';
import { paymentMethods } from './routes/payment-methods.ts';
import { storefront } from './routes/storefront.ts';

const ASSETS: Record<string, string> = { 'shop.css': 'text/css; charset=utf-8', 'cim-page.js': 'text/javascript; charset=utf-8' };

export function createShopApp(deps: ShopDeps) {
  const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(join(import.meta.dirname, 'assets', name)) }]));
  const app = new Hono<ShopEnv>();
  // One line per request: method, path, status, time. Never bodies (they carry tokens).
  app.use(logger());

  // What we tell merchants: the page may run scripts from itself and CIM only, and frame CIM only.
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", deps.cimUrl],
        frameSrc: [deps.cimUrl],
        // The element's shadow root carries a <style> element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(loadShopper);
  app.onError((error, c) => {
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error.message);
    return c.text('Something went wrong on our side. Please try again.', 500);
  });

  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    return asset ? c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' }) : c.notFound();
  });
  app.route('/', storefront);
  app.route('/', account);
  app.route('/checkout', checkout);
  app.route('/orders', orders);
  app.route('/account/payment-methods', paymentMethods);
  app.route('/back-office', backOffice);
  app.use('/billing', requireBackOffice);
  app.use('/billing/*', requireBackOffice);
  app.route('/billing', billing);
  return app;
}
