import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { AppEnv } from '../../http/env.ts';
import { requireStaff } from '../../http/staff-auth.ts';
import { consoleAuditLog } from './audit-log.ts';
import { consoleCustomers } from './customers.ts';
import { consoleExpiringCards } from './expiring-cards.ts';
import { consolePages } from './pages.ts';
import { consoleSession } from './session.ts';
import { consoleSettings } from './settings.ts';
import { consoleStaff } from './staff.ts';
import { consoleTransactions } from './transactions.ts';
import { consoleWebhooks } from './webhooks.ts';

/**
 * Mounted at /console: the merchant console's page and its JSON API. Every API route but
 * sign-in needs a staff session (and, for changes, the CSRF token); see docs/console.md.
 */
export function consoleApp(deps: AppDeps) {
  const api = new Hono<AppEnv>();
  // Answers hold customer data: never kept by a browser or proxy cache.
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.route('/session', consoleSession(deps));
  api.use('*', requireStaff(deps));
  api.route('/customers', consoleCustomers(deps));
  api.route('/transactions', consoleTransactions(deps));
  api.route('/audit', consoleAuditLog());
  api.route('/expiring-cards', consoleExpiringCards());
  api.route('/settings', consoleSettings());
  api.route('/staff', consoleStaff());
  api.route('/webhooks', consoleWebhooks(deps));

  const app = new Hono<AppEnv>();
  app.route('/api', api);
  app.route('/', consolePages(deps));
  return app;
}
