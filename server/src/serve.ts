import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve as listen } from '@hono/node-server';
import { createApp } from './app.ts';
import type { AppDeps } from './deps.ts';
import { withBenchEcho } from './http/bench-echo.ts';
import { startScheduler } from './scheduler.ts';
import { startWebhookWorker } from './webhooks/worker.ts';

/** Starts the HTTP server and stops it cleanly on SIGINT/SIGTERM. Resolves once listening. */
export function serve(deps: AppDeps): Promise<{ port: number; close(): Promise<void> }> {
  const app = createApp(deps);
  const { CIM_PORT: port, CIM_HOST: hostname, CIM_PUBLIC_URL: publicUrl } = deps.config;
  return new Promise((resolve, reject) => {
    const fetch = deps.config.CIM_BENCH_ECHO === '1' ? withBenchEcho(app) : app.fetch;
    const { CIM_TLS_CERT: certFile, CIM_TLS_KEY: keyFile } = deps.config;
    // CIM_TLS_CERT/CIM_TLS_KEY: HTTPS straight from Node (TLS 1.2 at least), no proxy needed.
    const tls = certFile && keyFile ? { createServer: createHttpsServer, serverOptions: { cert: readFileSync(certFile), key: readFileSync(keyFile), minVersion: 'TLSv1.2' as const } } : {};
    const server = listen({ fetch, port, hostname, ...tls }, (info) => {
      // Settlement at each merchant's cut-off and due subscription charges.
      const scheduler = startScheduler(deps);
      // Every instance delivers webhooks; the database decides which one makes each attempt.
      const webhooks = startWebhookWorker(deps);
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => {
            void Promise.all([scheduler.stop(), webhooks.stop()]).then(() => deps.store.close()).then(done);
          });
        });
      const stop = () => {
        void close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Announce only once the signal handlers are in place, so a supervisor that
      // stops us right after reading the URL still gets a clean shutdown.
      deps.logger.info('CIM server listening', { url: publicUrl, address: `${info.address}:${info.port}`, store: deps.store.kind });
      process.stdout.write(`CIM is running at ${publicUrl}\n`);
      resolve({ port: info.port, close });
    });
    // e.g. EADDRINUSE: reported by the CLI as one line, not a stack trace.
    server.once('error', reject);
  });
}
