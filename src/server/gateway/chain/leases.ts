// Who watches what, across instances (the `leases` table, journal/postgres/migrations.ts): a lease row per watched
// thing (a lane's live payment, a hold, a sale's refunds, a vend), held by one instance until it expires by the
// database's clock. Each takeover bumps the lease's fencing
// token; every journal write a watcher makes checks, in its own transaction, that it still holds the lease with that
// token (`fence`), so a former owner that stalled past its expiry and woke up cannot write over its successor.
import type { Lease } from '../engine/shared';
import type { Sql } from '../journal/postgres/connection';

/** A watcher's write refused: another instance holds its lease now. Nothing was written. */
export class LeaseLost extends Error {
  constructor(readonly lease: Lease) {
    super(`the lease on ${lease.name} (token ${lease.token}) is no longer held by this instance`);
    this.name = 'LeaseLost';
  }
}

export class Leases {
  /**
   * By this instance's own clock, when each lease it holds ends at the earliest: a lease's length after its last
   * acquire or renewal was sent (the database's expiry, counted from when the statement ran, is no earlier).
   */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly sql: Sql,
    /** This instance: unique per process (a restarted instance is a new owner). */
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Whether the holder can no longer count on holding `lease`: two-thirds of its length have passed since its last
   * renewal was sent (renewals failing, or too slow). It must stop watching now — before the database lets another
   * instance take it over — however it is cut off: a former holder that cannot reach the database would otherwise go
   * on polling Centrapay beside its successor.
   */
  lapsed(lease: Lease): boolean {
    const until = this.until.get(lease.name);
    if (until !== undefined && this.clock() < until - this.ttlMs / 3) return false;
    this.until.delete(lease.name);
    return true;
  }

  /**
   * Takes the lease when it is free, expired, or already this instance's (then its token stays); null when another
   * instance holds it.
   */
  async acquire(name: string): Promise<Lease | null> {
    const sent = this.clock();
    const { rows } = await this.sql.query<{ token: string }>(
      `INSERT INTO leases (name, owner, token, expires_at) VALUES ($1, $2, 1, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
         token = CASE WHEN leases.owner = excluded.owner THEN leases.token ELSE leases.token + 1 END
       WHERE leases.owner = excluded.owner OR leases.expires_at < clock_timestamp()
       RETURNING token`,
      [name, this.owner, this.ttlMs],
    );
    const row = rows[0];
    if (!row) return null;
    this.until.set(name, sent + this.ttlMs);
    return { name, token: Number(row.token) };
  }

  /** Extends this instance's unexpired leases among `leases`; answers those it no longer holds (to stop watching). */
  async renew(leases: readonly Lease[]): Promise<Lease[]> {
    if (leases.length === 0) return [];
    const sent = this.clock();
    const { rows } = await this.sql.query<{ name: string }>(
      `UPDATE leases SET expires_at = clock_timestamp() + $3 * interval '1 millisecond'
       WHERE owner = $1 AND name = ANY($2::text[]) AND expires_at >= clock_timestamp() RETURNING name`,
      [this.owner, leases.map((lease) => lease.name), this.ttlMs],
    );
    const kept = new Set(rows.map((row) => row.name));
    for (const name of kept) this.until.set(name, sent + this.ttlMs);
    const lost = leases.filter((lease) => !kept.has(lease.name));
    for (const lease of lost) this.until.delete(lease.name);
    return lost;
  }

  /** Gives the lease up (the thing has nothing left to watch, or the instance stops). */
  async release(lease: Lease): Promise<void> {
    this.until.delete(lease.name);
    await this.sql.query('DELETE FROM leases WHERE name = $1 AND owner = $2 AND token = $3', [lease.name, this.owner, lease.token]);
  }

  /**
   * Inside a write's transaction: throws LeaseLost unless this instance still holds `lease` with its token and it has
   * not expired. The row is share-locked until the write commits, so a takeover waits for the write, not the other way.
   */
  async fence(tx: Sql, lease: Lease): Promise<void> {
    const { rows } = await tx.query(
      'SELECT 1 FROM leases WHERE name = $1 AND owner = $2 AND token = $3 AND expires_at >= clock_timestamp() FOR SHARE',
      [lease.name, this.owner, lease.token],
    );
    if (rows.length === 0) throw new LeaseLost(lease);
  }

  /** The names among `names` that nobody holds now (free or expired): candidates to take over. */
  async unheld(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const { rows } = await this.sql.query<{ name: string }>(
      'SELECT name FROM leases WHERE name = ANY($1::text[]) AND expires_at >= clock_timestamp()',
      [names],
    );
    const held = new Set(rows.map((row) => row.name));
    return names.filter((name) => !held.has(name));
  }
}
