import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { loadMasterKey } from './vault/master-key.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadConfig to refuse');
}

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({
      CIM_PORT: 8787,
      CIM_PUBLIC_URL: 'http://localhost:8787',
      CIM_DATABASE_URL: 'sqlite:./data/cim.db',
      CIM_DATA_DIR: './data',
      CIM_JWKS_CACHE_SECONDS: 300,
      NODE_ENV: 'development',
    });
    expect(loadConfig({}).CIM_MASTER_KEY).toBeUndefined();
  });

  it('takes CIM_JWKS_CACHE_SECONDS as whole seconds from 5 to 86400', () => {
    expect(loadConfig({ CIM_JWKS_CACHE_SECONDS: '60' }).CIM_JWKS_CACHE_SECONDS).toBe(60);
    for (const bad of ['4', '86401', '1.5', 'soon']) expect(problemsOf({ CIM_JWKS_CACHE_SECONDS: bad })[0], bad).toMatch(/^CIM_JWKS_CACHE_SECONDS:/);
  });

  it('ignores variables that are not CIM_* and treats empty ones as unset', () => {
    expect(loadConfig({ PORT: 'x', CIM_PORT: '' }).CIM_PORT).toBe(8787);
  });

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf({
      CIM_PORT: 'eighty',
      CIM_PUBLIC_URL: 'not a url',
      CIM_DATABASE_URL: 'mysql://db',
      CIM_MASTER_KEY: 'c2hvcnQ=',
      CIM_LOG_LEVEL: 'loud',
      NODE_ENV: 'production',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['CIM_PORT', 'CIM_PUBLIC_URL', 'CIM_DATABASE_URL', 'CIM_MASTER_KEY', 'CIM_LOG_LEVEL']) {
      expect(problems.some((p) => p.startsWith(`${name}:`)), name).toBe(true);
    }
    const message = (() => {
      try {
        loadConfig({ CIM_PORT: '70000', CIM_LOG_LEVEL: 'loud' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/CIM_PORT/);
    expect(message).toMatch(/CIM_LOG_LEVEL/);
  });

  it('takes a master key only as base64 of exactly 32 bytes', () => {
    expect(loadConfig({ CIM_MASTER_KEY: randomBytes(32).toString('base64') }).CIM_MASTER_KEY).toBeDefined();
    expect(problemsOf({ CIM_MASTER_KEY: randomBytes(31).toString('base64') })).toHaveLength(1);
    expect(problemsOf({ CIM_MASTER_KEY: randomBytes(32).toString('hex') })).toHaveLength(1);
  });

  it('refuses NODE_ENV=production without CIM_MASTER_KEY, even when all else is fine', () => {
    const https = { CIM_PUBLIC_URL: 'https://cim.example' };
    expect(problemsOf({ NODE_ENV: 'production', ...https })).toEqual([expect.stringMatching(/^CIM_MASTER_KEY: required when NODE_ENV=production/)]);
    // Listed together with any other problem, not after it is fixed.
    expect(problemsOf({ NODE_ENV: 'production', CIM_PORT: '-1', ...https })).toEqual([expect.stringMatching(/^CIM_PORT:/), expect.stringMatching(/^CIM_MASTER_KEY:/)]);
    expect(loadConfig({ NODE_ENV: 'production', CIM_MASTER_KEY: randomBytes(32).toString('base64'), ...https }).NODE_ENV).toBe('production');
  });

  it('refuses CIM_FORWARD_ALLOW_PRIVATE=1 in production (it is for tests)', () => {
    const prod = { NODE_ENV: 'production', CIM_PUBLIC_URL: 'https://cim.example', CIM_MASTER_KEY: randomBytes(32).toString('base64') };
    expect(problemsOf({ ...prod, CIM_FORWARD_ALLOW_PRIVATE: '1' })).toEqual([expect.stringMatching(/^CIM_FORWARD_ALLOW_PRIVATE: tests only/)]);
    expect(loadConfig({ ...prod, CIM_FORWARD_ALLOW_PRIVATE: '0' }).CIM_FORWARD_ALLOW_PRIVATE).toBe('0');
    expect(loadConfig({ CIM_FORWARD_ALLOW_PRIVATE: '1' }).CIM_FORWARD_ALLOW_PRIVATE).toBe('1');
  });

  it('refuses a non-https CIM_PUBLIC_URL in production unless a trusted proxy terminates TLS', () => {
    const key = { CIM_MASTER_KEY: randomBytes(32).toString('base64') };
    expect(problemsOf({ NODE_ENV: 'production', CIM_PUBLIC_URL: 'http://cim.example', ...key })).toEqual([expect.stringMatching(/^CIM_PUBLIC_URL: must be https:\/\/ when NODE_ENV=production.*CIM_TRUST_PROXY/)]);
    expect(loadConfig({ NODE_ENV: 'production', CIM_PUBLIC_URL: 'http://cim.example', CIM_TRUST_PROXY: '10.0.0.0/8', ...key }).CIM_TRUST_PROXY).toBe('10.0.0.0/8');
    // Development keeps plain http.
    expect(loadConfig({ CIM_PUBLIC_URL: 'http://localhost:8787' }).NODE_ENV).toBe('development');
  });

  it('checks CIM_TRUST_PROXY as CIDRs and wants CIM_TLS_CERT with CIM_TLS_KEY', () => {
    expect(loadConfig({ CIM_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7, fd00::/8' }).CIM_TRUST_PROXY).toBeDefined();
    expect(problemsOf({ CIM_TRUST_PROXY: '10.0.0.0/33,proxy.local' })).toEqual([expect.stringMatching(/^CIM_TRUST_PROXY: "10.0.0.0\/33"/), expect.stringMatching(/^CIM_TRUST_PROXY: "proxy.local"/)]);
    expect(problemsOf({ CIM_TLS_CERT: '/etc/cim/cert.pem' })).toEqual([expect.stringMatching(/^CIM_TLS_CERT, CIM_TLS_KEY: set both/)]);
  });
});

describe('development master key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is generated into the data folder with mode 0600, announced loudly, and reused on restart', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cim-key-')), 'data');
    dirs.push(dir);
    const config = loadConfig({ CIM_DATA_DIR: dir });
    const warnings: string[] = [];
    const first = loadMasterKey(config, (m) => warnings.push(m));
    expect(first.source).toBe('development-file');
    const file = join(dir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/CIM_MASTER_KEY is not set/);
    expect(warnings[0]).toMatch(/DEVELOPMENT/);
    expect(warnings[0]).toContain(file);
    const second = loadMasterKey(config, (m) => warnings.push(m));
    expect(second.key.unwrap().equals(first.key.unwrap())).toBe(true);
    expect(warnings).toHaveLength(2);
    // The key never prints itself.
    expect(String(first.key)).toBe('[redacted]');
    expect(JSON.stringify(first)).not.toContain(first.key.unwrap().toString('base64'));
  });

  it('keeps CIM_MASTER_KEY in the config as a Redacted: printing or serializing the config never shows it', () => {
    const key = randomBytes(32).toString('base64');
    const config = loadConfig({ CIM_MASTER_KEY: key });
    expect(JSON.stringify(config)).not.toContain(key);
    expect(inspect(config)).not.toContain(key);
    expect(String(config.CIM_MASTER_KEY)).toBe('[redacted]');
  });

  it('is not created when CIM_MASTER_KEY is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-key-'));
    dirs.push(dir);
    const key = randomBytes(32);
    const warnings: string[] = [];
    const loaded = loadMasterKey(loadConfig({ CIM_DATA_DIR: dir, CIM_MASTER_KEY: key.toString('base64') }), (m) => warnings.push(m));
    expect(loaded).toMatchObject({ source: 'environment', version: 1 });
    expect(loaded.key.unwrap().equals(key)).toBe(true);
    expect(warnings).toEqual([]);
    expect(() => statSync(join(dir, 'master.key'))).toThrow();
  });
});
