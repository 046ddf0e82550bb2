import { Agent, request as httpRequest } from 'node:http';
import type { BenchContext } from './scenario.ts';

/**
 * The load generator's HTTP client: node:http over a keep-alive agent holding
 * exactly `connections` sockets, so N concurrent workers reuse N connections.
 */
export function benchClient(baseUrl: string, connections: number): BenchContext['request'] & { close(): void } {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const send = (method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}) =>
    new Promise<{ status: number; body: unknown; headers: Record<string, string> }>((resolve, reject) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: {
            ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text for the error message
            }
            resolve({ status: res.statusCode ?? 0, body, headers: res.headers as Record<string, string> });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return Object.assign(send, { close: () => agent.destroy() });
}
