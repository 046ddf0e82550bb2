import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureChromium } from './setup/ensure-chromium.ts';

/**
 * `pnpm test`: every test of the project, in one command. Installs what the
 * browser tests need, builds the widget the server serves, typechecks, runs the
 * vitest projects and the widget's browser component tests, then prints one
 * closing line "N passed, M failed".
 */
const root = resolve(import.meta.dirname, '../..');
const pnpm = ['-y', 'pnpm@10'];

function run(label: string, command: string, args: string[]): number {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

ensureChromium();

let passed = 0;
let failed = 0;
const steps: Array<[string, number]> = [];

const widgetPkg = JSON.parse(readFileSync(join(root, 'widget/package.json'), 'utf8')) as { scripts?: Record<string, string> };
if (widgetPkg.scripts?.build) steps.push(['widget build', run('build the widget', 'npx', [...pnpm, '--filter', '@cim/widget', 'build'])]);
steps.push(['typecheck', run('typecheck', 'npx', [...pnpm, 'run', 'typecheck'])]);

const report = join(tmpdir(), `cim-vitest-${process.pid}.json`);
steps.push(['vitest', run('vitest (shared, server, e2e)', 'npx', [...pnpm, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`])]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  rmSync(report);
}

if (widgetPkg.scripts?.test) {
  const wtrReport = join(tmpdir(), `cim-wtr-${process.pid}.json`);
  const status = run('widget browser tests (web-test-runner)', 'npx', [...pnpm, '--filter', '@cim/widget', 'test']);
  steps.push(['widget tests', status]);
  if (existsSync(wtrReport)) rmSync(wtrReport);
}

const failedSteps = steps.filter(([, status]) => status !== 0).map(([name]) => name);
if (failedSteps.length > 0 && failed === 0) failed = failedSteps.length;
console.log(`\nSteps: ${steps.map(([name, s]) => `${name} ${s === 0 ? 'ok' : 'FAILED'}`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
