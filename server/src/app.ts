import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppDeps } from './deps.ts';
import { requireSecretKey } from './http/auth.ts';
import { limitBody } from './http/body.ts';
import { clientAddress } from './http/client-address.ts';
import type { AppEnv } from './http/env.ts';
import { errorBody, makeErrorHandler } from './http/error-handler.ts';
import { hsts, servesHttps } from './http/hsts.ts';
import { idempotency } from './http/idempotency.ts';
import { anetApi } from './routes/anet/index.ts';
import { apiReference } from './routes/api-reference.ts';
import { consoleApp } from './routes/console/index.ts';
import { home } from './routes/home.ts';
import { customerTransactions } from './routes/customer-transactions.ts';
import { customers } from './routes/customers.ts';
import { events } from './routes/events.ts';
import { forwarding } from './routes/forward.ts';
import { health } from './routes/health.ts';
import { paymentProfiles, paymentProfilesIndex } from './routes/payment-profiles.ts';
import { shippingAddresses } from './routes/shipping-addresses.ts';
import { jwks } from './routes/jwks.ts';
import { sessions } from './routes/sessions.ts';
import { settings } from './routes/settings.ts';
import { subscriptions } from './routes/subscriptions.ts';
import { tokens } from './routes/tokens.ts';
import { transactions } from './routes/transactions.ts';
import { widgetApi } from './routes/widget-api.ts';
import { webhookEndpoints } from './routes/webhook-endpoints.ts';
import { widgetPages } from './routes/widget.ts';

/** Builds the whole HTTP app from its dependencies; no port, no globals. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'X-Request-Id' }));
  if (servesHttps(deps.config)) app.use(hsts());
  app.use(clientAddress(deps.config.CIM_TRUST_PROXY));
  app.use(limitBody);
  app.onError(makeErrorHandler(deps.logger));
  app.notFound((c) => c.json(errorBody('not_found', 'No such route.', c.var.requestId), 404));

  app.route('/', home);
  app.route('/', health(deps));
  // The OpenAPI document of /v1 and its reference page, generated from the route registry (server/src/openapi/).
  app.route('/', apiReference(deps));

  const v1 = new Hono<AppEnv>();
  v1.use(requireSecretKey(deps));
  v1.use(idempotency(deps));
  v1.route('/transactions', transactions(deps));
  v1.route('/customers', customerTransactions(deps));
  v1.route('/customers/:customerId/payment-profiles', paymentProfiles);
  v1.route('/customers/:customerId/shipping-addresses', shippingAddresses);
  v1.route('/customers', customers);
  v1.route('/payment-profiles', paymentProfilesIndex);
  v1.route('/sessions', sessions(deps));
  v1.route('/tokens', tokens(deps));
  v1.route('/settings', settings(deps));
  v1.route('/subscriptions', subscriptions);
  v1.route('/webhook-endpoints', webhookEndpoints(deps));
  v1.route('/events', events);
  v1.route('/forward', forwarding(deps));
  app.route('/v1', v1);

  // Authorize.Net's JSON API over the same vault, so existing integrations move by changing one URL.
  app.route('/xml/v1', anetApi(deps));

  // The checkout element's side: session-token API, iframe page and bundles, and the token keys.
  app.route('/widget/api', widgetApi(deps));
  app.route('/widget', widgetPages(deps));
  app.route('/.well-known', jwks(deps));

  // The merchant console: staff of a merchant sign in with a password, not a secret key.
  app.route('/console', consoleApp(deps));
  app.get('/console/', (c) => c.redirect('/console', 301));

  return app;
}

export type App = ReturnType<typeof createApp>;
