import { maskCardNumbers } from '@cim/shared';
import type { Config } from './config.ts';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/**
 * The one scrubber for every free-form value that reaches a log line or the audit log:
 * Luhn-valid 13–19 digit runs under any separator, percent-encoding or Unicode digit
 * form are masked, as a last line of defence (no code path should log one).
 */
export function scrub(text: string): string {
  return maskCardNumbers(text);
}

/** One JSON line per event on stderr. */
export function createLogger(level: Config['CIM_LOG_LEVEL'] = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const min = LEVELS.indexOf(level);
  const log = (lvl: Level) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(lvl) < min) return;
    // The timestamp is ours and written after scrubbing: its digits could otherwise join a masked run.
    const rest = scrub(JSON.stringify({ level: lvl, message, ...fields }));
    write(`{"time":"${new Date().toISOString()}",${rest.slice(1)}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = createLogger('silent');
