// The PostgreSQL database behind every repository: a pool of connections, the schema brought up to date once however
// many instances start together (migrations.ts), and one door for writes that turns the database's failures (full,
// read-only, locked, out of reach: failure-of.ts) into JournalUnavailable and remembers the last one for the health
// check. Reads go through the pool. A write is one BEGIN…COMMIT on one pooled connection; a transaction collects
// writes (PostgresTx) and lands them all in one.
import pTimeout from 'p-timeout';
import pg from 'pg';
import { FAILURE_MESSAGES, JournalUnavailable } from '../failures';
import { DEFAULT_STORE_ID, type JournalHealth, type JournalOptions, type JournalTx, type JournalWriteKind, type StoreOf } from '../journal';
import { PROBE_STATEMENTS, WriteFailures } from '../write-failures';
import { failureOf } from './failure-of';
import { migrate } from './migrations';

/** What a write's work runs its SQL through: the connection its transaction holds. */
export interface Sql {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

type Work<T> = (sql: Sql) => Promise<T>;

/** Writes made through a transaction, run together when it ends. */
export class PostgresTx implements JournalTx {
  readonly kind = 'journal-tx';
  readonly writes: { work: Work<unknown>; kinds: readonly JournalWriteKind[] }[] = [];
}

/** How long a connection may take to open: past it the database counts as out of reach. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long a statement may go unanswered (a network that drops packets says nothing): then it is out of reach too. */
const QUERY_TIMEOUT_MS = 15_000;

export class PostgresConnection {
  private readonly failures: WriteFailures;
  /** The store a lane or machine is in: written on every row. */
  readonly storeOf: StoreOf;

  private constructor(
    readonly location: string,
    readonly pool: pg.Pool,
    private readonly options: JournalOptions,
  ) {
    // A connection lost while idle in the pool (the server restarted): the pool drops it and opens another when asked.
    pool.on('error', () => undefined);
    this.failures = new WriteFailures(options.onFailure, () => this.writeNow([], async (sql) => {
      for (const text of PROBE_STATEMENTS) await sql.query(text);
    }));
    this.storeOf = options.storeOf ?? (() => DEFAULT_STORE_ID);
  }

  /** Connects, and brings the schema up to date (one instance at a time). */
  static async open(url: string, options: JournalOptions = {}): Promise<PostgresConnection> {
    const config = { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true };
    try {
      await migrate(config);
    } catch (error) {
      const failure = failureOf(error);
      throw failure ? new JournalUnavailable(failure, error) : error;
    }
    // How long a write waits for another session's lock. Short: the lane's next command waits with it.
    const pool = new pg.Pool({ ...config, lock_timeout: options.busyTimeoutMs ?? 2_000, query_timeout: QUERY_TIMEOUT_MS });
    return new PostgresConnection(withoutPassword(url), pool, options);
  }

  /** A read through the pool; the database out of reach is a JournalUnavailable, as for a write. */
  async rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      const failure = failureOf(error);
      throw failure ? new JournalUnavailable(failure, error) : error;
    }
  }

  /** One write, all or nothing; inside `tx` it waits for the transaction's end instead. */
  async write<T>(tx: JournalTx | undefined, kinds: readonly JournalWriteKind[], work: Work<T>): Promise<T | undefined> {
    if (tx) {
      (tx as PostgresTx).writes.push({ work, kinds });
      return undefined;
    }
    return this.writeNow(kinds, work);
  }

  /** A write now, all or nothing: on a connection of the journal's pool, or of `pool` (a chain's turns have their own). */
  async writeNow<T>(kinds: readonly JournalWriteKind[], work: Work<T>, pool: pg.Pool = this.pool): Promise<T> {
    let result: T;
    try {
      result = await this.inTransaction(work, pool);
      this.failures.landed();
    } catch (error) {
      throw this.failures.refused(error, failureOf(error));
    }
    for (const kind of kinds) this.wrote(kind);
    return result;
  }

  /** Counts a row written (metrics). */
  wrote(kind: JournalWriteKind): void {
    this.options.onWrite?.(kind);
  }

  async transaction<T>(work: (tx: JournalTx) => Promise<T>): Promise<T> {
    const tx = new PostgresTx();
    const result = await work(tx);
    await this.writeNow(tx.writes.flatMap((write) => write.kinds), async (sql) => {
      for (const write of tx.writes) await write.work(sql);
    });
    return result;
  }

  health(): Promise<JournalHealth> {
    return this.failures.health();
  }

  /** Whether the database answers `SELECT 1` within `timeoutMs`: null when it does, else why not, in words. */
  async reachable(timeoutMs: number): Promise<string | null> {
    const answer = this.pool.query('SELECT 1').then(() => null, (error: unknown) => {
      const failure = failureOf(error);
      return failure ? FAILURE_MESSAGES[failure] : 'The journal’s database refused a simple query.';
    });
    return pTimeout(answer, { milliseconds: timeoutMs, fallback: () => `The journal’s database did not answer within ${timeoutMs} ms.` });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** A write's transaction on `pool`: a connection the network broke is closed, not handed to the next write. */
  private async inTransaction<T>(work: Work<T>, pool: pg.Pool): Promise<T> {
    return inTransaction(pool, work, (error) => failureOf(error) === 'unreachable');
  }
}

/**
 * BEGIN, the work, COMMIT on one pooled connection; ROLLBACK when anything fails, and the connection closed rather
 * than handed on when `broken` says the failure left it so (closing it rolls the transaction back on the server).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (sql: pg.PoolClient) => Promise<T>, broken: (error: unknown) => boolean): Promise<T> {
  const client = await pool.connect();
  // A connection lost between two statements is reported here too: the statement that follows fails with it.
  const ignore = () => undefined;
  client.on('error', ignore);
  let drop = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    drop = broken(error);
    if (!drop) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(drop);
  }
}

/** Where the journal is, for logs: the URL without its password. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/** Writes one event row (journal.ts has the shape), in `store`. */
export async function insertEvent(
  sql: Sql,
  event: { subject: string; ref: string | null; name: string; status?: string | null; actor: string; detail: string | null },
  at: string,
  store: string,
): Promise<void> {
  await sql.query('INSERT INTO events (payment_request_id, order_ref, kind, status, actor, detail, at, store) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [event.subject, event.ref, event.name, event.status ?? null, event.actor, event.detail, at, store]);
}
