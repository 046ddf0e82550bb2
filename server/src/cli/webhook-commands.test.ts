import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cim } from './run-cli.ts';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cim-cli-webhooks-'));
  env = { CIM_DATABASE_URL: `sqlite:${join(dir, 'cim.db')}`, CIM_DATA_DIR: dir, CIM_LOG_LEVEL: 'warn', CIM_MASTER_KEY: randomBytes(32).toString('base64') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cim webhooks add / list / remove', () => {
  it('adds an endpoint showing its secret once, lists without secrets, removes; refuses bad input', { timeout: 120_000 }, async () => {
    const merchant = JSON.parse((await cim(['merchant', 'create', '--name', 'Shop', '--origin', 'https://shop.test'], env)).stdout) as { id: string };
    const added = await cim(['webhooks', 'add', merchant.id, '--url', 'https://hooks.shop.test/cim', '--event', 'transaction.approved', '--event', 'transaction.refunded'], env);
    expect(added.code, added.stderr).toBe(0);
    const endpoint = JSON.parse(added.stdout) as { id: string; secret: string; events: string[] };
    expect(endpoint).toMatchObject({ url: 'https://hooks.shop.test/cim', events: ['transaction.approved', 'transaction.refunded'], enabled: true, secret: expect.stringMatching(/^whsec_/) });

    const list = await cim(['webhooks', 'list', merchant.id], env);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: endpoint.id, url: 'https://hooks.shop.test/cim' })]);
    expect(list.stdout).not.toContain(endpoint.secret);

    const http = await cim(['webhooks', 'add', merchant.id, '--url', 'http://hooks.shop.test/cim'], env);
    expect(http.code).not.toBe(0);
    expect(http.stderr).toMatch(/url must be https/);
    expect((await cim(['webhooks', 'add', merchant.id, '--url', 'https://hooks.shop.test/', '--event', 'nope'], env)).code).not.toBe(0);
    expect((await cim(['webhooks', 'list', 'mer_missing'], env)).stderr).toMatch(/Merchant not found/);

    const removed = await cim(['webhooks', 'remove', merchant.id, endpoint.id], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse((await cim(['webhooks', 'list', merchant.id], env)).stdout)).toEqual([]);
    expect((await cim(['webhooks', 'remove', merchant.id, endpoint.id], env)).stderr).toMatch(/not found/);
  });
});
