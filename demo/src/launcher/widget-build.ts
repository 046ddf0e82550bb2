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
 * The CIM server serves the widget from widget/dist. Build it when it is missing or older than
 * its sources (the widget's and the shared code it bundles), so a fresh clone needs no extra step.
 */
export function ensureWidgetBuilt(root: string, log: (line: string) => void): void {
  const widget = join(root, 'widget');
  const loader = join(widget, 'dist', 'cim-checkout.js');
  const sources = Math.max(newestMtime(join(widget, 'src')), newestMtime(join(root, 'shared', 'src')));
  if (existsSync(loader) && statSync(loader).mtimeMs >= sources) return;
  log('Building the checkout widget (widget/dist)…');
  // Under `pnpm start`, npm_execpath is the pnpm that runs us; otherwise fetch pnpm 10 through npx.
  const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['npx', '-y', 'pnpm@10'];
  const [command, ...args] = pnpm as [string, ...string[]];
  // Quiet unless it fails: the build's own chatter is not what a first-time user needs to read.
  const result = spawnSync(command, [...args, '--filter', '@cim/widget', 'build'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error('Building the widget failed (see above).');
  }
}
