import { CimError } from '../../errors.ts';

/** Seconds a client is told to wait before retrying when the database cannot answer. */
export const RETRY_AFTER_SECONDS = 1;

export function databaseUnavailable(cause?: unknown): CimError {
  return new CimError('database_unavailable', 'The database is unavailable right now; retry shortly.', { retryAfter: RETRY_AFTER_SECONDS, cause });
}

/** Socket-level failures (Node) and the driver's own connection errors. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
]);

/**
 * SQLSTATEs that mean "not now" rather than "wrong": lost or refused connections
 * (class 08), shutdown and recovery (57P01–57P03), too many connections, a
 * statement cancelled by statement_timeout, a read-only server (we reached a
 * standby during a failover), and serialization failures still failing after
 * every retry.
 */
function isTransientSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '57014', '25006', '40001', '40P01', '55P03'].includes(code);
}

/** 0A000 is "feature not supported" in general; in a hot standby it means we reached a standby. */
const inHotStandby = (error: unknown) => (error as { code?: unknown }).code === '0A000' && /hot standby/i.test(String((error as Error).message));

export function isUnavailability(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return NETWORK_CODES.has(code) || isTransientSqlState(code) || inHotStandby(error);
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can): 22021, or 22P05 for a
 * character the server encoding lacks. The client's input, so a 400, never a 500.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/**
 * Typed errors pass through; an unreachable, overloaded or failing-over database
 * becomes 503 database_unavailable; text PostgreSQL cannot store, 400 invalid_request.
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof CimError) return error;
  if (UNSTORABLE_TEXT.has((error as { code?: string } | null)?.code ?? '')) {
    return new CimError('invalid_request', 'A text field contains a character that cannot be stored (such as U+0000).', { cause: error });
  }
  return isUnavailability(error) ? databaseUnavailable(error) : error;
}
