/**
 * Runs `pnpm start` itself, the README's first command, on free ports with a temporary data
 * folder, and keeps everything it prints: the tests read that output as the operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });

export interface RunningDemo {
  cimPort: number;
  shopPort: number;
  cimUrl: string;
  shopUrl: string;
  dataDir: string;
  /** Everything `pnpm start` printed so far (stdout and stderr of the launcher and both servers). */
  output(): string;
  /** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. Resolves once everything in it has exited. */
  interrupt(): Promise<void>;
}

/** Signals every process of the group; false once none is left. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export interface DemoOptions {
  dataDir?: string;
  cimPort?: number;
  shopPort?: number;
  env?: Record<string, string>;
}

/** What the launcher (or a server) prints when its port is taken. */
const PORT_TAKEN = /is already in use|EADDRINUSE/;

/**
 * Another test file may take a probed port before `pnpm start` listens on it: then
 * the start fails with EADDRINUSE and is tried again on new ports (unless the
 * caller chose the ports).
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDemoOnce(options);
    } catch (error) {
      const portTaken = error instanceof Error && PORT_TAKEN.test(error.message);
      if (!portTaken || attempt >= 3 || options.cimPort !== undefined || options.shopPort !== undefined) throw error;
    }
  }
}

async function startDemoOnce(options: DemoOptions): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cim-demo-'));
  const cimPort = options.cimPort ?? (await freePort());
  const shopPort = options.shopPort ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn('npx', ['-y', 'pnpm@10', 'start'], {
    cwd: ROOT,
    // Its own process group, so SIGINT reaches pnpm, the launcher and both servers, like Ctrl-C.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CIM_DATA_DIR: dataDir, CIM_PORT: String(cimPort), DEMO_PORT: String(shopPort), NO_COLOR: '1', ...options.env },
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + 120_000;
  while (!output.includes('← open this')) {
    if (child.exitCode !== null || Date.now() > deadline || PORT_TAKEN.test(output)) {
      signalGroup(child.pid!, 'SIGKILL');
      await exited;
      throw new Error(`pnpm start did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    cimPort,
    shopPort,
    cimUrl: `http://localhost:${cimPort}`,
    shopUrl: `http://localhost:${shopPort}`,
    dataDir,
    output: () => output,
    interrupt: async () => {
      signalGroup(child.pid!, 'SIGINT');
      const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 15_000);
      await exited;
      // npx dies of the SIGINT at once; the launcher and the servers take a moment to close.
      while (signalGroup(child.pid!, 0)) await new Promise((r) => setTimeout(r, 100));
      clearTimeout(timer);
    },
  };
}
