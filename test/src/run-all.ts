import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureChromium } from './setup/ensure-chromium.ts';
import { ensurePostgres } from './setup/ensure-postgres.ts';

/**
 * `pnpm test`: every test of the project, in one command. Installs what the
 * browser and PostgreSQL tests need (Debian's chromium and postgresql), builds
 * the widget and the console the server serves, typechecks every package (the
 * root tsconfig and widget/tsconfig.json), runs the vitest projects and the
 * widget's browser component tests, then prints one closing line "N passed, M failed".
 */
const root = resolve(import.meta.dirname, '../..');
const pnpm = ['-y', 'pnpm@10'];

function run(label: string, command: string, args: string[]): number {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

ensureChromium();
ensurePostgres();

let passed = 0;
let failed = 0;
const steps: Array<[string, number]> = [];

const widgetPkg = JSON.parse(readFileSync(join(root, 'widget/package.json'), 'utf8')) as { scripts?: Record<string, string> };
if (widgetPkg.scripts?.build) steps.push(['widget build', run('build the widget', 'npx', [...pnpm, '--filter', '@cim/widget', 'build'])]);
steps.push(['console build', run('build the merchant console', 'npx', [...pnpm, '--filter', '@cim/console', 'build'])]);
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
  console.log('\n▶ widget browser tests (web-test-runner)');
  // Captured rather than inherited so its "N passed, M failed" counts join the total.
  const wtr = spawnSync('npx', [...pnpm, '--filter', '@cim/widget', 'test'], { cwd: root, env: process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(wtr.stdout ?? '');
  process.stderr.write(wtr.stderr ?? '');
  const counts = [...(wtr.stdout ?? '').matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  if (counts) {
    passed += Number(counts[1]);
    failed += Number(counts[2]);
  }
  steps.push(['widget tests', wtr.status ?? 1]);
}

const failedSteps = steps.filter(([, status]) => status !== 0).map(([name]) => name);
if (failedSteps.length > 0 && failed === 0) failed = failedSteps.length;
console.log(`\nSteps: ${steps.map(([name, s]) => `${name} ${s === 0 ? 'ok' : 'FAILED'}`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
