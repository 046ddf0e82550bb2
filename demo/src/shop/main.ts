import { createHmac } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createCimClient } from '../merchant/cim-client.ts';
import { readMerchantKeys } from '../merchant/keys.ts';
import { createShopApp } from './app.ts';
import { openShopDb } from './db.ts';

/** The demo shop's server process: `pnpm start` runs it with these variables set. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run the shop through \`pnpm start\`).`);
  return value;
}

const cimUrl = required('CIM_URL');
const port = Number(process.env.DEMO_PORT || 3000);
const shopOrigin = `http://localhost:${port}`;
const keys = readMerchantKeys(required('DEMO_MERCHANT_KEYS'));
const db = openShopDb(required('DEMO_DB'));
const ttl = Number(process.env.DEMO_SESSION_TTL_SECONDS);
// Stable across restarts without another secret to keep: derived from the merchant's secret key.
const backOfficePassword = process.env.DEMO_BACK_OFFICE_PASSWORD || createHmac('sha256', keys.secretKey).update('demo-back-office').digest('base64url').slice(0, 16);

const app = createShopApp({
  db,
  cim: createCimClient({ cimUrl, merchantId: keys.id, secretKey: keys.secretKey, shopOrigin }),
  cimUrl,
  // A stable cookie key without another secret to manage: derived from the merchant's secret key.
  cookieSecret: createHmac('sha256', keys.secretKey).update('demo-shop-cookies').digest('base64url'),
  backOfficePassword,
  ...(Number.isInteger(ttl) && ttl > 0 && { sessionTtlSeconds: ttl }),
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`shop listening on ${shopOrigin}`);
  console.log(`back office (${shopOrigin}/billing) password: ${backOfficePassword}`);
});

const shutdown = () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  // Browsers keep connections open; don't let one hold the shutdown.
  setTimeout(() => (server as import('node:http').Server).closeAllConnections(), 1_000).unref();
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
