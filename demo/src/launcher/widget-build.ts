import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of any file below `dir` (0 when it doesn't exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds a workspace package when its output is missing or older than its sources (its own and
 * the shared code it bundles), so a fresh clone needs no extra step.
 */
function ensureBuilt(root: string, pkg: { name: string; folder: string; marker: string; label: string }, log: (line: string) => void): void {
  const dir = join(root, pkg.folder);
  const marker = join(dir, 'dist', pkg.marker);
  const sources = Math.max(newestMtime(join(dir, 'src')), newestMtime(join(root, 'shared', 'src')));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  log(`Building ${pkg.label} (${pkg.folder}/dist)…`);
  // Under `pnpm start`, npm_execpath is the pnpm that runs us; otherwise fetch pnpm 10 through npx.
  const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['npx', '-y', 'pnpm@10'];
  const [command, ...args] = pnpm as [string, ...string[]];
  // Quiet unless it fails: the build's own chatter is not what a first-time user needs to read.
  const result = spawnSync(command, [...args, '--filter', pkg.name, 'build'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`Building ${pkg.label} failed (see above).`);
  }
}

/** The CIM server serves the widget from widget/dist. */
export const ensureWidgetBuilt = (root: string, log: (line: string) => void) =>
  ensureBuilt(root, { name: '@cim/widget', folder: 'widget', marker: 'cim-checkout.js', label: 'the checkout widget' }, log);

/** …and the merchant console from console/dist. */
export const ensureConsoleBuilt = (root: string, log: (line: string) => void) =>
  ensureBuilt(root, { name: '@cim/console', folder: 'console', marker: 'index.html', label: 'the merchant console' }, log);
