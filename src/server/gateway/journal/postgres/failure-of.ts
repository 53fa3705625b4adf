// PostgreSQL's answers when the database, not the data, is the problem, as the journal's failures. Anything else (a
// syntax error, a constraint broken) is a bug and is not hidden.
import type { JournalFailure } from '../failures';

/** SQLSTATEs (PostgreSQL's error codes) that say another session or the server's load is in the way. */
const BUSY = new Set([
  '55P03', // lock_not_available (lock_timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
]);
/** The server going away: shut down, crashed, starting up. Class 08 (connection exceptions) too. */
const GONE = new Set(['57P01', '57P02', '57P03']);
/** The network saying no before PostgreSQL could say anything. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What node-postgres says, without a code, when its connection was lost or could not be made in time. */
const LOST = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly|not queryable/i;

export function failureOf(error: unknown): JournalFailure | null {
  const code = codeOf(error);
  if (code === '53100') return 'full';
  if (code === '25006') return 'read-only';
  if (code && BUSY.has(code)) return 'busy';
  if (code && (code.startsWith('08') || GONE.has(code) || NETWORK.has(code))) return 'unreachable';
  // Class 58: the server's own I/O failed.
  if (code?.startsWith('58')) return 'failed';
  if (!code && error instanceof Error && LOST.test(error.message)) return 'unreachable';
  return null;
}

/** The error's SQLSTATE or system code; a connection to a name with several addresses fails with all of them. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return codeOf(error.errors[0]);
  return undefined;
}
