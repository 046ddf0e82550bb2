#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { bootstrap } from '../bootstrap.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { COMMANDS } from './commands.ts';

const USAGE_WIDTH = Math.max(...COMMANDS.map((c) => c.usage.length));

const USAGE = `Usage: cim <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(USAGE_WIDTH)} ${c.summary}`).join('\n')}

Every command reads the same CIM_* environment variables as the server.`;

async function main(argv: string[]): Promise<number> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = COMMANDS.find((c) => c.name.every((w, i) => words[i] === w));
  if (!command || argv.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    return command || argv.includes('--help') ? 0 : 2;
  }
  const { values, positionals } = parseArgs({ args: argv.slice(command.name.length), options: command.options ?? {}, allowPositionals: command.positionals === true, strict: true });
  if ('standalone' in command) return command.standalone(values as Record<string, string | string[] | boolean | undefined>);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n');
      return 2;
    }
    throw error;
  }
  const deps = await bootstrap(config);
  return command.run(deps, values as Record<string, string | string[] | boolean | undefined>, positionals);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cim: ${message}\n`);
    process.exitCode = 1;
  },
);
