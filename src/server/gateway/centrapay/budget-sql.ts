// The rate budget an account's instances share, as SQL (tables: journal/postgres/migrations.ts, version 2). A place in
// the account's window is taken under a per-account advisory lock held to the end of its transaction: the window's
// old rows pruned, then counted, then one row inserted if there is room, each by the database's clock, so instances
// whose clocks disagree still count one window. With no room, the answer is when the place needed ages out.
import type pg from 'pg';
import { inTransaction as inConnection } from '../journal/postgres/connection';
import type { CallKind } from './rate-governor';

/** Any number held by this code alone: the first half of every rate budget's advisory lock (the account's hash is the second). */
const BUDGET_LOCK = 730_541_617;

export interface PlaceRequest {
  account: string;
  kind: CallKind;
  /** Places this kind may fill: the whole budget for money-moving calls, less the reserve for the rest. */
  limit: number;
  windowMs: number;
  /** Calls started while the database was out of reach: counted in the window before anything else. */
  missed: readonly MissedCall[];
}

/** A call an instance started on its own share while the database was out of reach, and how long ago. */
export interface MissedCall {
  ageMs: number;
  kind: CallKind;
}

export interface PlaceAnswer {
  /** 0: the place is taken. Otherwise how long until one may be free (a pause's end, or the needed place's age-out). */
  waitMs: number;
  /** Another instance's 429 pauses the account. */
  paused: boolean;
  /** The account's calls in the window, by kind (this one included when taken); null while paused. */
  spent: Partial<Record<CallKind, number>> | null;
}

/**
 * The account's window now: its calls older than the window pruned, how long a pause still has to run, and the calls
 * of the window by kind (counted by the clock of the count: the rows the prune removes are still seen here).
 */
const WINDOW_NOW = `
  WITH pruned AS (DELETE FROM rate_budget_calls WHERE account = $1 AND started_at <= clock_timestamp() - $2 * interval '1 millisecond')
  SELECT
    (SELECT EXTRACT(EPOCH FROM until - clock_timestamp()) * 1000 FROM rate_budget_pauses WHERE account = $1 AND until > clock_timestamp()) AS paused_ms,
    (SELECT json_object_agg(kind, n) FROM (
      SELECT kind, count(*)::int AS n FROM rate_budget_calls WHERE account = $1 AND started_at > clock_timestamp() - $2 * interval '1 millisecond' GROUP BY kind
    ) AS counts) AS spent`;

export async function takePlace(pool: pg.Pool, request: PlaceRequest): Promise<PlaceAnswer> {
  return inTransaction(pool, async (sql) => {
    const { account, windowMs } = request;
    await lockAccount(sql, account);
    await insertMissed(sql, account, windowMs, request.missed);
    const { rows: [current] } = await sql.query<{ paused_ms: string | null; spent: Partial<Record<CallKind, number>> | null }>(WINDOW_NOW, [account, windowMs]);
    if (current?.paused_ms) return { waitMs: Math.max(1, Math.ceil(Number(current.paused_ms))), paused: true, spent: null };
    const spent = current?.spent ?? {};
    const taken = Object.values(spent).reduce((sum, n) => sum + n, 0);
    if (taken < request.limit) {
      await sql.query('INSERT INTO rate_budget_calls (account, started_at, kind) VALUES ($1, clock_timestamp(), $2)', [account, request.kind]);
      return { waitMs: 0, paused: false, spent: { ...spent, [request.kind]: (spent[request.kind] ?? 0) + 1 } };
    }
    // The place that must age out before this kind fits again: the (taken - limit + 1)th oldest.
    const freed = await sql.query<{ ms: string }>(
      `SELECT EXTRACT(EPOCH FROM started_at + $2 * interval '1 millisecond' - clock_timestamp()) * 1000 AS ms FROM rate_budget_calls
       WHERE account = $1 AND started_at > clock_timestamp() - $2 * interval '1 millisecond' ORDER BY started_at OFFSET $3 LIMIT 1`,
      [account, windowMs, taken - request.limit]);
    return { waitMs: Math.max(1, Math.ceil(Number(freed.rows[0]?.ms ?? 1)) + 1), paused: false, spent };
  });
}

/**
 * A transaction of the budget's: any failure (a timeout too, with the statement perhaps still running) closes its
 * connection rather than handing it on.
 */
function inTransaction<T>(pool: pg.Pool, work: (sql: pg.PoolClient) => Promise<T>): Promise<T> {
  return inConnection(pool, work, () => true);
}

/** Every instance's takes of the account's places wait for this one's transaction to end. */
async function lockAccount(sql: pg.PoolClient, account: string): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BUDGET_LOCK, account]);
}

/** The database is back: the calls started without it are counted in the account's window (by now, as far as they still are). */
export async function recordMissed(pool: pg.Pool, account: string, windowMs: number, missed: readonly MissedCall[]): Promise<void> {
  await inTransaction(pool, async (sql) => {
    await lockAccount(sql, account);
    await insertMissed(sql, account, windowMs, missed);
  });
}

async function insertMissed(sql: pg.PoolClient, account: string, windowMs: number, missed: readonly MissedCall[]): Promise<void> {
  const recent = missed.filter(({ ageMs }) => ageMs < windowMs);
  if (recent.length === 0) return;
  await sql.query(
    `INSERT INTO rate_budget_calls (account, started_at, kind)
     SELECT $1, clock_timestamp() - age * interval '1 millisecond', kind FROM unnest($2::float8[], $3::text[]) AS missed (age, kind)`,
    [account, recent.map(({ ageMs }) => ageMs), recent.map(({ kind }) => kind)]);
}

/** Centrapay answered 429: every instance of the account waits until then (a longer pause already set stays). */
export async function recordPause(pool: pg.Pool, account: string, ms: number): Promise<void> {
  await pool.query(
    `INSERT INTO rate_budget_pauses (account, until) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
     ON CONFLICT (account) DO UPDATE SET until = GREATEST(rate_budget_pauses.until, excluded.until)`,
    [account, ms]);
}

export interface Heard {
  /** Instances seen alive lately (this one included). */
  live: number;
  spent: Partial<Record<CallKind, number>>;
}

/**
 * This instance is alive for these accounts; answers, for each, how many instances are (seen within `liveMs`) and
 * its calls in the window by kind. Rows of instances long gone are deleted.
 */
export async function heartbeat(pool: pg.Pool, instance: string, accounts: readonly string[], liveMs: number, windowMs: number): Promise<Map<string, Heard>> {
  await pool.query(
    `INSERT INTO rate_budget_instances (account, instance, seen_at) SELECT account, $2, clock_timestamp() FROM unnest($1::text[]) AS accounts (account)
     ON CONFLICT (account, instance) DO UPDATE SET seen_at = excluded.seen_at`,
    [accounts, instance]);
  await pool.query("DELETE FROM rate_budget_instances WHERE seen_at < clock_timestamp() - $1 * interval '1 millisecond'", [liveMs * 10]);
  const live = await pool.query<{ account: string; n: number }>(
    "SELECT account, count(*)::int AS n FROM rate_budget_instances WHERE account = ANY($1) AND seen_at > clock_timestamp() - $2 * interval '1 millisecond' GROUP BY account",
    [accounts, liveMs]);
  const spent = await pool.query<{ account: string; kind: CallKind; n: number }>(
    "SELECT account, kind, count(*)::int AS n FROM rate_budget_calls WHERE account = ANY($1) AND started_at > clock_timestamp() - $2 * interval '1 millisecond' GROUP BY account, kind",
    [accounts, windowMs]);
  const heard = new Map<string, Heard>(accounts.map((account) => [account, { live: 1, spent: {} }]));
  for (const row of live.rows) heard.get(row.account)!.live = Math.max(1, row.n);
  for (const row of spent.rows) heard.get(row.account)!.spent[row.kind] = row.n;
  return heard;
}

/** This instance stops: it no longer counts as alive for any account. */
export async function leave(pool: pg.Pool, instance: string): Promise<void> {
  await pool.query('DELETE FROM rate_budget_instances WHERE instance = $1', [instance]);
}
