import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from './serve.ts';
import { makeTestDeps } from './test-support.ts';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

/** A self-signed certificate for 127.0.0.1, made with the system's openssl. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

function httpsGet(port: number, path: string, ca: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve with CIM_TLS_CERT / CIM_TLS_KEY', () => {
  it('serves HTTPS directly, with HSTS on every answer', async () => {
    const probe = makeTestDeps();
    const files = selfSigned(probe.dir);
    const t = makeTestDeps({ env: { CIM_TLS_CERT: files.cert, CIM_TLS_KEY: files.key, CIM_PORT: '0', CIM_HOST: '127.0.0.1', CIM_PUBLIC_URL: 'https://127.0.0.1' } });
    cleanup.push(probe.cleanup, t.cleanup);
    const server = await serve(t.deps);
    cleanup.push(server.close);
    const ca = readFileSync(files.cert);
    for (const path of ['/health', '/v1/customers', '/nope']) {
      const res = await httpsGet(server.port, path, ca);
      expect(res.headers['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains');
    }
    expect((await httpsGet(server.port, '/health', ca)).status).toBe(200);
  });

  it('sends no HSTS over plain http to a non-https public URL', async () => {
    const t = makeTestDeps({ env: { CIM_PORT: '0', CIM_HOST: '127.0.0.1' } });
    cleanup.push(t.cleanup);
    const server = await serve(t.deps);
    cleanup.push(server.close);
    const res = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
