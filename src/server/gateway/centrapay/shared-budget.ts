// One Centrapay account's budget shared by every instance of a chain (issue 19): once this instance's rate governor
// lets a call start, the call takes a place in the account's window in PostgreSQL (budget-sql.ts), the same rule for
// all: never more than the budget started in any window, the last places (the reserve) for money-moving calls only. The
// calls waiting here go one at a time, the highest priority first; with no place free the first waits as long as the
// database says (until the place it needs ages out, or another instance's 429 pause ends), and a call of higher
// priority arriving meanwhile goes ahead of it.
//
// The database out of reach: calls are not held up. For a while (`retryMs`) this instance takes its share of the
// budget on its own (the budget divided by the instances alive at the last heartbeat, the same reserve kept within it),
// counting the calls it started in the window before the loss too; then it asks the database again, and records
// first the calls it started meanwhile, so the shared window counts them.
import type pg from 'pg';
import { recordMissed, recordPause, takePlace, type Heard, type MissedCall, type PlaceAnswer } from './budget-sql';
import { reserveOf, type CallKind } from './rate-governor';

export interface SharedBudgetOptions {
  account: string;
  /** The account's budget: calls started in any window, all instances together. */
  perMinute: number;
  /** The window (60 s; tests shorten it). */
  windowMs: number;
  /** After the database failed, how long this instance keeps to its own share before asking it again. */
  retryMs: number;
  /** The database could not be asked: this instance keeps to its share for `retryMs`. */
  unreachable?: (account: string, error: unknown) => void;
}

interface Waiter {
  kind: CallKind;
  priority: number;
  resolve: () => void;
}

export class SharedBudget {
  readonly perMinute: number;
  readonly windowMs: number;
  private readonly reserve: number;
  /** Calls waiting for a place, the highest priority first (in order of arrival among equals). */
  private readonly waiting: Waiter[] = [];
  /** When each call this instance started in the window began (local clock), and which of them the database missed. */
  private readonly mine: { at: number; kind: CallKind }[] = [];
  private missed: { at: number; kind: CallKind }[] = [];
  /** The last heartbeat's word: instances alive, and the account's calls in the window by kind. */
  private heard: Heard & { at: number } = { live: 1, spent: {}, at: 0 };
  private downUntil = 0;
  private pausedUntil = 0;
  private pumping = false;
  private wake: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: SharedBudgetOptions,
  ) {
    this.perMinute = options.perMinute;
    this.windowMs = options.windowMs;
    this.reserve = reserveOf(options.perMinute);
  }

  /** Resolves once the call has its place in the account's window. */
  take(kind: CallKind, priority: number): Promise<void> {
    return new Promise((resolve) => {
      const at = this.waiting.findIndex((other) => other.priority < priority);
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { kind, priority, resolve });
      // Ahead of the call being waited for: ask again now, for this one.
      if (at === 0) this.wake?.();
      void this.pump();
    });
  }

  /** Centrapay answered 429: every instance of the account waits `ms`; resolves once the pause is recorded (or could not be). */
  async pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    await recordPause(this.pool, this.options.account, ms).catch((error: unknown) => this.options.unreachable?.(this.options.account, error));
  }

  get paused(): boolean {
    return Date.now() < this.pausedUntil;
  }

  /** Calls waiting for a place. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** The account's calls of these kinds in the window, all instances, as last heard (at most a heartbeat old). */
  spent(kinds: readonly CallKind[]): number {
    if (Date.now() - this.heard.at > this.windowMs) return 0;
    return kinds.reduce((sum, kind) => sum + (this.heard.spent[kind] ?? 0), 0);
  }

  /** The heartbeat's news (rate-budgets.ts): the database answers again, and hears of the calls it missed. */
  async hear(heard: Heard): Promise<void> {
    this.heard = { ...heard, at: Date.now() };
    this.downUntil = 0;
    const missed = this.takeMissed();
    if (missed.length === 0) return;
    await recordMissed(this.pool, this.options.account, this.windowMs, missed).catch((error: unknown) => this.lost(error, missed));
  }

  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.wake?.();
  }

  /** Gives places to the waiting calls, the first first, until none waits. One pump at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0 && !this.stopped) {
        const first = this.waiting[0]!;
        const waitMs = await this.place(first.kind);
        if (waitMs === 0) {
          // A call of higher priority may have come while this one asked: it is removed by who it is.
          this.waiting.splice(this.waiting.indexOf(first), 1);
          first.resolve();
        } else {
          await this.sleep(waitMs);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** 0 when the call has its place; otherwise how long to wait before asking again. */
  private async place(kind: CallKind): Promise<number> {
    const now = Date.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (now >= this.downUntil) {
      const answer = await this.ask(kind);
      if (answer) return this.heardPlace(answer, kind);
    }
    return this.placeOfMyShare(kind);
  }

  /** The database's answer; null when it could not be asked. */
  private async ask(kind: CallKind): Promise<PlaceAnswer | null> {
    const { account, windowMs } = this.options;
    const missed = this.takeMissed();
    try {
      return await takePlace(this.pool, { account, kind, limit: this.limitFor(kind, this.perMinute, this.reserve), windowMs, missed });
    } catch (error) {
      this.lost(error, missed);
      return null;
    }
  }

  /** The calls the database has not heard of, handed over (how long ago each started). */
  private takeMissed(): MissedCall[] {
    const now = Date.now();
    const missed = this.missed.map((call) => ({ ageMs: now - call.at, kind: call.kind }));
    this.missed = [];
    return missed;
  }

  /** The database could not be asked: its share for a while, and the calls it missed kept for next time. */
  private lost(error: unknown, missed: readonly MissedCall[]): void {
    const now = Date.now();
    this.missed = [...missed.map((call) => ({ at: now - call.ageMs, kind: call.kind })), ...this.missed];
    this.downUntil = now + this.options.retryMs;
    this.options.unreachable?.(this.options.account, error);
  }

  private heardPlace(answer: PlaceAnswer, kind: CallKind): number {
    if (answer.spent) this.heard = { live: this.heard.live, spent: answer.spent, at: Date.now() };
    if (answer.paused) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + answer.waitMs);
    if (answer.waitMs === 0) this.mine.push({ at: Date.now(), kind });
    this.mineInWindow();
    return answer.waitMs;
  }

  /** How many calls this instance started in the window (older ones forgotten). */
  private mineInWindow(): number {
    const since = Date.now() - this.windowMs;
    while (this.mine.length > 0 && this.mine[0]!.at <= since) this.mine.shift();
    return this.mine.length;
  }

  /** Without the database: this instance's share of the budget, over the calls it started in the window. */
  private placeOfMyShare(kind: CallKind): number {
    const now = Date.now();
    const share = Math.max(1, Math.floor(this.perMinute / this.heard.live));
    const limit = this.limitFor(kind, share, reserveOf(share));
    if (this.mineInWindow() < limit) {
      this.mine.push({ at: now, kind });
      this.missed.push({ at: now, kind });
      return 0;
    }
    const freeAt = this.mine[this.mine.length - limit]!.at + this.windowMs;
    // Not past the moment the database is asked again.
    return Math.max(1, Math.min(freeAt - now + 1, this.downUntil - now));
  }

  private limitFor(kind: CallKind, budget: number, reserve: number): number {
    return kind === 'money' ? budget : budget - reserve;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }
}
