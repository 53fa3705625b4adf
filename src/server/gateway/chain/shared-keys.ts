// The shell's keys shared by a chain's instances on one PostgreSQL. A command's turn is a transaction that first
// locks the key's row in `key_versions` (so commands on one key run one at a time across instances), reads the
// version committed last, lets the engine decide and commit, then writes the next version — and the next version of
// each lane view the change shows on — and notifies every instance with ids and versions only, all in the same
// transaction: a change is heard once it is committed, never before. Turns and cross-key checks have connections of
// their own, so a turn waiting for a lock never holds up the reads it needs.
import pg from 'pg';
import type { Lease, SharedKeys, TurnOutcome } from '../engine/shared';
import type { JournalTx } from '../journal/journal';
import { JournalUnavailable } from '../journal/failures';
import { PostgresTx, type PostgresConnection, type Sql } from '../journal/postgres/connection';
import { failureOf } from '../journal/postgres/failure-of';
import type { Leases} from './leases';
import { LeaseLost } from './leases';

export const CHANGES_CHANNEL = 'pos_changes';

/** A change as every instance hears it: the key (`engine:key`) and its version, and the lane views it moved. */
export interface ChangeNotice {
  k: string;
  v: number;
  views: Record<string, number>;
}

/** A key's first version: the time in microseconds (above any version a single gateway's screens have seen). */
const FIRST_VERSION = "(extract(epoch from clock_timestamp()) * 1000000)::bigint";

export class PostgresSharedKeys implements SharedKeys {
  private readonly turns: pg.Pool;
  private readonly locks: pg.Pool;

  constructor(
    private readonly conn: PostgresConnection,
    url: string,
    readonly leases: Leases,
  ) {
    // Turns wait on one another's row locks: their own pool, so the journal's reads are never starved by them.
    this.turns = new pg.Pool({ connectionString: url, max: 10, keepAlive: true, connectionTimeoutMillis: 5_000 });
    this.locks = new pg.Pool({ connectionString: url, max: 3, keepAlive: true, connectionTimeoutMillis: 5_000 });
    this.turns.on('error', () => undefined);
    this.locks.on('error', () => undefined);
  }

  async turn<T>(name: string, work: (tx: JournalTx, version: number) => Promise<TurnOutcome<T>>): Promise<{ value: T; version: number }> {
    const tx = new PostgresTx();
    const outcome = await this.conn.writeNow([], async (sql) => {
      const version = await lockKey(sql, name);
      const decided = await work(tx, version);
      if (!decided.changed) return { value: decided.value, version };
      for (const write of tx.writes) await write.work(sql);
      const next = version + 1;
      await sql.query('UPDATE key_versions SET version = $2 WHERE name = $1', [name, next]);
      const views: Record<string, number> = {};
      for (const lane of decided.views) views[lane] = await bumpView(sql, lane);
      const notice: ChangeNotice = { k: name, v: next, views };
      await sql.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]);
      return { value: decided.value, version: next };
    }, this.turns);
    for (const write of tx.writes) for (const kind of write.kinds) this.conn.wrote(kind);
    return outcome;
  }

  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const client = await this.locks.connect().catch(asJournalFailure);
    let broken = false;
    // The connection may be lost while the lock is held (the server or the network cut it): without a listener its
    // error would end the process. The lock went with it; the unlock below fails and the connection is dropped.
    const lost = () => (broken = true);
    client.on('error', lost);
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]).catch(asJournalFailure);
      return await work();
    } finally {
      // A lock that cannot be given back goes with its connection.
      if (!broken) await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(lost);
      // A broken connection keeps the listener until it is gone: a late error of it must not end the process either.
      if (!broken) client.off('error', lost);
      client.release(broken);
    }
  }

  claim(name: string): Promise<Lease | null> {
    return this.leases.acquire(name);
  }

  release(lease: Lease): Promise<void> {
    return this.leases.release(lease);
  }

  fence(tx: JournalTx, lease: Lease): void {
    (tx as PostgresTx).writes.push({ work: (sql) => this.leases.fence(sql, lease), kinds: [] });
  }

  unheld(names: readonly string[]): Promise<string[]> {
    return this.leases.unheld(names);
  }

  isLeaseLost(error: unknown): boolean {
    return error instanceof LeaseLost || (error instanceof Error && error.cause instanceof LeaseLost);
  }

  /** Tells every instance (this one too) something that is not a change of a key (a cue). */
  async notify(payload: string): Promise<void> {
    await this.conn.pool.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload]);
  }

  /** The versions committed last of `names` (keys and `view:<lane>` rows). */
  async versions(names: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.conn.pool.query<{ name: string; version: string }>('SELECT name, version FROM key_versions WHERE name = ANY($1::text[])', [names]);
    return new Map(rows.map((row) => [row.name, Number(row.version)]));
  }

  async close(): Promise<void> {
    await Promise.all([this.turns.end(), this.locks.end()]);
  }
}

/** The database failing (out of reach, read-only…) is the journal's failure, as for a write: the screens are told so. */
function asJournalFailure(error: unknown): never {
  const failure = failureOf(error);
  throw failure ? new JournalUnavailable(failure, error) : error;
}

/** Locks the key's row for the rest of the transaction (making it at its first turn) and answers its version. */
async function lockKey(sql: Sql, name: string): Promise<number> {
  const select = () => sql.query<{ version: string }>('SELECT version FROM key_versions WHERE name = $1 FOR UPDATE', [name]);
  let { rows } = await select();
  if (rows.length === 0) {
    await sql.query(`INSERT INTO key_versions (name, version) VALUES ($1, ${FIRST_VERSION}) ON CONFLICT (name) DO NOTHING`, [name]);
    ({ rows } = await select());
  }
  return Number(rows[0]!.version);
}

/** The lane view's next version (the view's row is locked last in a turn, and only until it commits). */
async function bumpView(sql: Sql, lane: string): Promise<number> {
  const { rows } = await sql.query<{ version: string }>(
    `INSERT INTO key_versions (name, version) VALUES ($1, ${FIRST_VERSION}) ON CONFLICT (name) DO UPDATE SET version = key_versions.version + 1 RETURNING version`,
    [`view:${lane}`],
  );
  return Number(rows[0]!.version);
}
