import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cim } from './run-cli.ts';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-cli-merchant-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn', CIM_MASTER_KEY: randomBytes(32).toString('base64') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cim merchant list / update / rotate-key / revoke-key', () => {
  // Eight CLI processes in a row: on a loaded machine each can take seconds to start.
  it('lists without keys, changes origins, rotates and revokes keys', { timeout: 90_000 }, async () => {
    const created = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'http://a.test'], env)).stdout) as { id: string; secretKey: string; transactionKey: string };

    const list = await cim(['merchant', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([{ id: created.id, name: 'Shop', apiLoginId: expect.any(String), allowedOrigins: ['http://a.test'], forwardHosts: [], createdAt: expect.any(String) }]);
    expect(list.stdout).not.toContain(created.secretKey);

    const updated = await cim(['merchant', 'update', created.id, '--add-origin', 'https://b.test', '--remove-origin', 'http://a.test', '--add-forward-host', 'API.Gateway.test', '--add-forward-host', 'pay.test:8443'], env);
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toEqual({ id: created.id, allowedOrigins: ['https://b.test'], forwardHosts: ['api.gateway.test', 'pay.test:8443'] });
    const fewer = await cim(['merchant', 'update', created.id, '--remove-forward-host', 'pay.test:8443'], env);
    expect(JSON.parse(fewer.stdout)).toMatchObject({ forwardHosts: ['api.gateway.test'] });
    const bad = await cim(['merchant', 'update', created.id, '--add-forward-host', 'https://x.test/path'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not a host name/);

    const rotated = await cim(['merchant', 'rotate-key', created.id, '--overlap', '120'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const rotatedBody = JSON.parse(rotated.stdout) as { secretKey: string; previousValidUntil: string };
    expect(rotatedBody.secretKey).toMatch(/^sk_/);
    expect(rotatedBody.secretKey).not.toBe(created.secretKey);
    expect(Date.parse(rotatedBody.previousValidUntil) - Date.now()).toBeGreaterThan(100_000);
    expect(rotated.stderr).toMatch(/old one is refused after/);

    const txKey = await cim(['merchant', 'rotate-key', created.id, '--transaction-key', '--overlap', '0'], env);
    expect(JSON.parse(txKey.stdout)).toMatchObject({ transactionKey: expect.stringMatching(/^[A-Za-z0-9]{16}$/), previousValidUntil: null });

    const revoked = await cim(['merchant', 'revoke-key', created.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout).secretKey).toMatch(/^sk_/);

    const missing = await cim(['merchant', 'rotate-key', 'mer_nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Merchant not found/);
    expect((await cim(['merchant', 'rotate-key', created.id, '--overlap', 'soon'], env)).stderr).toMatch(/overlap must be a whole number/);
  });

  it('set-processor: an Authorize.Net account, sealed and shown masked; a foreign endpoint refused; back to the sandbox', { timeout: 90_000 }, async () => {
    const created = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'http://a.test'], env)).stdout) as { id: string };
    const key = 'CliKey4hT8wQ2zP6';
    const set = await cim(['merchant', 'set-processor', created.id, 'authorizenet', '--api-login-id', 'CliLogin9x3K', '--transaction-key', key, '--endpoint', 'https://apitest.authorize.net/xml/v1/request.api'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ id: created.id, processor: 'authorizenet', endpoint: 'https://apitest.authorize.net/xml/v1/request.api', apiLoginId: 'XXXX9x3K', updatedAt: expect.any(String) });
    expect(set.stdout + set.stderr).not.toContain(key);

    const refused = await cim(['merchant', 'set-processor', created.id, 'authorizenet', '--api-login-id', 'CliLogin9x3K', '--transaction-key', key, '--endpoint', 'https://collector.example/xml/v1/request.api'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not Authorize.Net's/);
    expect(refused.stderr).not.toContain(key);

    const sandbox = await cim(['merchant', 'set-processor', created.id, 'sandbox'], env);
    expect(sandbox.code, sandbox.stderr).toBe(0);
    expect(JSON.parse(sandbox.stdout)).toEqual({ id: created.id, processor: 'sandbox', updatedAt: expect.any(String) });
  });
});
