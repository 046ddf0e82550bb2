/**
 * The real `cim` CLI and `cim serve` as separate Node processes, for tests that need
 * several servers on one database, or a server that outlives a database failover.
 */
import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './demo/demo-process.ts';

const MAIN = resolve(import.meta.dirname, '../../server/src/cli/main.ts');

export interface CimProcess {
  port: number;
  /** http://127.0.0.1:<port>: where this instance listens (its CIM_PUBLIC_URL may differ). */
  url: string;
  pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, resolving with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Runs one CLI command to completion; rejects with what it printed when it fails. */
export function cimCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`cim ${args.join(' ')}: ${stderr || error.message}`));
      else done(stdout);
    });
  });
}

function startOnce(port: number, env: Record<string, string>): Promise<CimProcess> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', CIM_HOST: '127.0.0.1', CIM_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/CIM is running at/.test(output)) {
        done({
          port,
          url: `http://127.0.0.1:${port}`,
          pid: child.pid!,
          output: () => output,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => fail(new Error(`cim serve exited with ${code}: ${output}`)));
  });
}

/**
 * Starts `cim serve` on a free loopback port. Another test file may take a probed
 * port before the server listens on it; then it says so and exits, and this tries
 * again on a new port.
 */
export async function startCim(env: Record<string, string>): Promise<CimProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort(), env);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE|already in use/.test(String(error))) throw error;
    }
  }
}
