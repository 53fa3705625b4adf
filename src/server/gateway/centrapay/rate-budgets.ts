// The Centrapay budgets this instance shares with the chain's other instances, one per account (shared-budget.ts),
// over one pool of the journal's PostgreSQL. A heartbeat tells the database this instance is alive for each account
// and hears back how many instances are (each one's share should the database be lost) and the account's calls in the
// window (what the poll policy paces its reads by).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../journal/postgres/migrations';
import { heartbeat, leave } from './budget-sql';
import { SharedBudget } from './shared-budget';

export interface RateBudgetsOptions {
  /** The budget's window (60 s; tests shorten it). */
  windowMs?: number;
  /**
   * How much longer than the window a call keeps its place (a sixtieth of it: 1 s a minute). A place is taken by the
   * database's clock before the call is sent (the commit, the event loop, the network in between), so without it the
   * budget's calls could reach Centrapay a few milliseconds less than a minute apart and one more than the budget
   * would land in a minute as Centrapay counts it.
   */
  marginMs?: number;
  /** How often this instance says it is alive (a twelfth of the window); three missed and it no longer counts. */
  heartbeatMs?: number;
  /** After the database failed, how long an account's calls keep to this instance's share (a twelfth of the window). */
  retryMs?: number;
  /** The database could not be asked: the account keeps to this instance's share for a while. */
  unreachable?: (account: string, error: unknown) => void;
}

/** How long the budget's queries may take before the database counts as out of reach. */
const TIMEOUT_MS = 1_000;

export class RateBudgets {
  /** This instance: unique per process (a restarted instance is a new one). */
  readonly instance = randomUUID();
  private readonly accounts = new Map<string, SharedBudget>();
  private readonly windowMs: number;
  private readonly heartbeatMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RateBudgetsOptions = {},
    /** Set when the pool was made here: the database's schema is brought up to date at start, and the pool ended at close. */
    private readonly own?: pg.ClientConfig,
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? this.windowMs / 12;
  }

  /** Budgets over a pool of their own on the database at `url`, quick to give up on it. */
  static connect(url: string, options: RateBudgetsOptions = {}): RateBudgets {
    const config = { connectionString: url, connectionTimeoutMillis: TIMEOUT_MS, keepAlive: true };
    // Timed out on both sides: the server cancels a statement (a lock wait too) that the client has given up on.
    const pool = new pg.Pool({ ...config, query_timeout: TIMEOUT_MS, statement_timeout: TIMEOUT_MS, max: 10 });
    // A connection lost while idle in the pool: the pool drops it and opens another when asked.
    pool.on('error', () => undefined);
    return new RateBudgets(pool, options, config);
  }

  /** The account's shared budget (one per account, however often asked); `perMinute` is its governor's. */
  forAccount(account: string, perMinute: number): SharedBudget {
    let budget = this.accounts.get(account);
    if (!budget) {
      budget = new SharedBudget(this.pool, {
        account, perMinute, windowMs: this.windowMs + (this.options.marginMs ?? this.windowMs / 60), retryMs: this.options.retryMs ?? this.windowMs / 12,
        unreachable: this.options.unreachable,
      });
      this.accounts.set(account, budget);
    }
    return budget;
  }

  /** The budget's tables (the journal's migrations), the first heartbeat (so each account knows its instances), then one every `heartbeatMs`. */
  async start(): Promise<void> {
    if (this.own) await migrate(this.own);
    await this.beat();
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  /** Waiting calls dropped, and this instance no longer counted as alive. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const budget of this.accounts.values()) budget.stop();
    await leave(this.pool, this.instance).catch(() => undefined);
    if (this.own) await this.pool.end();
  }

  /** A heartbeat that fails changes nothing: each account keeps what it last heard. */
  private async beat(): Promise<void> {
    const accounts = [...this.accounts.keys()];
    if (accounts.length === 0) return;
    try {
      const heard = await heartbeat(this.pool, this.instance, accounts, this.heartbeatMs * 3, this.windowMs);
      await Promise.all([...heard].map(([account, news]) => this.accounts.get(account)?.hear(news)));
    } catch {
      // The database out of reach: the accounts' calls find out for themselves, and keep to their shares.
    }
  }
}
