import type { Config } from './config.ts';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

// Anything that looks like a card number (13-19 digits, maybe spaced) is masked
// before it is written, as a last line of defence: no code path should log one.
// Bounded by non-digits, not \b: in "x4111…" or a JSON-escaped "\n4111…" a letter touches the digits.
const PAN_LIKE = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

export function scrub(text: string): string {
  return text.replace(PAN_LIKE, '[redacted-number]');
}

/** One JSON line per event on stderr. */
export function createLogger(level: Config['CIM_LOG_LEVEL'] = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const min = LEVELS.indexOf(level);
  const log = (lvl: Level) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(lvl) < min) return;
    write(scrub(JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...fields })));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = createLogger('silent');
