/**
 * What the README's quick start promises, checked against what happens:
 * "Needs only Node ≥ 20 and npm; the project installs its own Node 24", and the URL the
 * start banner prints answers something useful.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCim, type CimProcess } from '../cim-process.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const workspace = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');

describe('README: Node', () => {
  it('asks for the Node the root package declares, so installing on it prints no "Unsupported engine" warning', () => {
    const claimed = /Needs only Node ≥ (\d+) and npm/.exec(readme)?.[1];
    expect(claimed).toBeDefined();
    expect(rootPackage.engines.node).toBe(`>=${claimed}`);
  });

  it('runs the project on its own Node 24 whatever the system Node', () => {
    expect(/^\s+node: \^24\./m.test(workspace)).toBe(true);
    // These tests run through the package scripts, on the node the `node` dev dependency installed.
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});

describe('README: the start banner', () => {
  let cim: CimProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cim-banner-'));
    cim = await startCim({ CIM_DATA_DIR: dataDir, CIM_MASTER_KEY: randomBytes(32).toString('base64'), CIM_LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await cim?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a URL whose page points to the docs, the OpenAPI document, the console and health', async () => {
    expect(cim.output()).toMatch(/CIM is running at http/);
    const res = await fetch(`${cim.url}/`);
    expect(res.status).toBe(200);
    const { links } = (await res.json()) as { links: Array<{ href: string }> };
    expect(links.map((l) => l.href)).toEqual(expect.arrayContaining(['/docs/api', '/openapi.json', '/console', '/health']));
    for (const href of ['/docs/api', '/openapi.json', '/health']) expect((await fetch(`${cim.url}${href}`)).status, href).toBe(200);
    const page = await fetch(`${cim.url}/`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('href="/docs/api"');
  });
});
