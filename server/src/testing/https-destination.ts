import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A processor stand-in: an HTTPS server on loopback with a certificate from its own CA
 * (made here with the system's openssl), so CIM trusts it only through CIM_FORWARD_CA_FILE.
 * `handle` answers each request; every request is kept in `received`.
 */
export async function startHttpsDestination(handle: (req: Received, res: ServerResponse) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'cim-forward-ca-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-days', '1', '-subj', '/CN=CIM test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  openssl('req', '-new', ...ec, '-subj', '/CN=localhost', '-keyout', file('leaf.key'), '-out', file('leaf.csr'));
  writeFileSync(file('leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('leaf.ext'), '-out', file('leaf.pem'));
  const received: Received[] = [];
  const server: Server = createServer({ key: readFileSync(file('leaf.key')), cert: readFileSync(file('leaf.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    /** The allow-list entry and URL origin: the certificate names localhost. */
    host: `localhost:${port}`,
    caFile: file('ca.pem'),
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
