// One budget for every call this gateway makes to Centrapay (centrapay-api.md §1.9: 200 requests a minute per
// account): a p-queue in strict (sliding window) mode, at most `perMinute` calls started in any 60 s. Every call but
// a money-moving one first passes a second, smaller window, at most five sixths of the budget's pace over any 2 s, and
// routine reads (the bulk) wait while only the minute's last few places are free: they can never fill the minute and
// then hold a burst of creates and voids up until a place ages out. What waits goes by priority: money-moving
// calls first, then reads a cue says have changed (a webhook, the activity feed) and reconciliation look-ups, then
// the activity feed, then routine status reads, the most urgent of those first. A 429 pauses the whole queue for its
// Retry-After.
//
// A chain's instances on one PostgreSQL share the account's budget (shared-budget.ts): each call this governor lets
// start then takes its place in the account's window across instances, and a 429 pauses them all. Without one (SQLite,
// one process) this governor alone keeps the budget.
import PQueue from 'p-queue';
import type { SharedBudget } from './shared-budget';

export type CallKind = 'money' | 'cue' | 'feed' | 'read';

/** Places of the minute only money-moving calls may take (5 at 180): a burst of creates and voids never waits for one. */
const MONEY_RESERVE_SHARE = 1 / 36;

/** The reserve of a budget of `perMinute`: at least 2 places, never all of them. */
export function reserveOf(perMinute: number): number {
  return Math.min(perMinute - 1, Math.max(2, Math.round(perMinute * MONEY_RESERVE_SHARE)));
}

/** Higher goes first; routine reads add an urgency below 1 (near expiry, just shown). */
const PRIORITY: Record<CallKind, number> = { money: 30, cue: 20, feed: 10, read: 0 };
export const CALL_KINDS = Object.keys(PRIORITY) as CallKind[];

export interface GovernorObserver {
  /** A call waited this long for its turn. */
  waited?: (kind: CallKind, ms: number) => void;
  /** Centrapay answered 429: the whole account pauses. */
  throttled?: (retryAfterMs: number) => void;
}

export interface GovernorOptions {
  /** The account's budget shared with the chain's other instances (its window is this governor's too). */
  shared?: SharedBudget;
}

export class RateGovernor {
  /** Everything but money-moving calls: at most five sixths of the budget's pace over any 2 s. */
  private readonly smoother: PQueue;
  /** The minute's last places, which routine reads leave to money-moving calls. */
  private readonly reserve: number;
  /** Routine reads waiting for room outside the reserve, the most urgent first. */
  private readonly readGate = new PQueue({ concurrency: 1 });
  /** The budget: at most `perMinute` calls started in any 60 s. */
  private readonly queue: PQueue;
  private readonly waitingByKind = new Map<CallKind, number>();
  /** When each call of the last minute started, by kind. */
  private readonly startedAt = new Map<CallKind, number[]>(CALL_KINDS.map((kind) => [kind, []]));
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private readonly shared: SharedBudget | undefined;
  /** The budget's window: a minute (a shared budget's, which tests shorten). */
  private readonly windowMs: number;

  constructor(
    readonly perMinute: number,
    private readonly observer: GovernorObserver = {},
    options: GovernorOptions = {},
  ) {
    this.shared = options.shared;
    this.windowMs = options.shared?.windowMs ?? 60_000;
    this.smoother = new PQueue({ intervalCap: Math.max(1, Math.floor(perMinute / 36)), interval: this.windowMs / 30, strict: true });
    this.reserve = reserveOf(perMinute);
    this.queue = new PQueue({ intervalCap: perMinute, interval: this.windowMs, strict: true });
  }

  /** Runs `call` when the budget allows, by priority; `urgency` (0–1) orders routine reads among themselves. */
  run<T>(kind: CallKind, call: () => Promise<T>, urgency = 0): Promise<T> {
    const queued = Date.now();
    this.waitingByKind.set(kind, (this.waitingByKind.get(kind) ?? 0) + 1);
    const priority = PRIORITY[kind] + (kind === 'read' ? Math.min(Math.max(urgency, 0), 0.99) : 0);
    const start = async () => {
      await this.shared?.take(kind, priority);
      this.waitingByKind.set(kind, (this.waitingByKind.get(kind) ?? 1) - 1);
      this.observer.waited?.(kind, Date.now() - queued);
      this.startedAt.get(kind)!.push(Date.now());
      return call();
    };
    if (kind === 'money') return this.queue.add(start, { priority }) as Promise<T>;
    const smoothed = () => this.smoother.add(() => this.queue.add(start, { priority }), { priority }) as Promise<T>;
    // Cues and the feed are few and what results wait on; routine reads are the many that could fill the minute.
    if (kind !== 'read') return smoothed();
    // One routine read at a time, the most urgent first, is let through once there is room: it is then counted
    // (as waiting in the smoother) before the next one looks.
    return new Promise<T>((resolve, reject) => {
      void this.readGate.add(async () => {
        await this.roomForRead();
        smoothed().then(resolve, reject);
      }, { priority }).catch(reject);
    });
  }

  /**
   * Resolves once the minute still has more free places than the reserve (counting what is already let in, and what
   * waits for its place in a shared budget: the local window counted those when they left the queue).
   */
  private async roomForRead(): Promise<void> {
    for (;;) {
      const taken = this.startedHere(CALL_KINDS) + this.queue.size + this.smoother.size + (this.shared?.waitingCount ?? 0);
      const over = taken - (this.perMinute - this.reserve - 1);
      if (over <= 0) return;
      // The moment enough of the minute's calls have aged out.
      const starts = CALL_KINDS.flatMap((kind) => this.startedAt.get(kind)!).sort((a, b) => a - b);
      const freeAt = (starts[Math.min(over, starts.length) - 1] ?? Date.now()) + this.windowMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, freeAt - Date.now() + 1)).unref());
    }
  }

  /**
   * Centrapay said 429: nothing more is sent on this account until Retry-After has passed, by any instance when the
   * budget is shared (resolves once the others will see it).
   */
  pauseFor(retryAfterMs: number): Promise<void> {
    const until = Date.now() + retryAfterMs;
    this.observer.throttled?.(retryAfterMs);
    const shared = this.shared?.pause(retryAfterMs) ?? Promise.resolve();
    if (until <= this.resumeAt) return shared;
    this.resumeAt = until;
    this.queue.pause();
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeAt = 0;
      this.queue.start();
    }, retryAfterMs);
    this.resumeTimer.unref();
    return shared;
  }

  /** Calls of these kinds started in the last minute: on the account by every instance, when the budget is shared. */
  spentLastMinute(kinds: readonly CallKind[]): number {
    return Math.max(this.startedHere(kinds), this.shared?.spent(kinds) ?? 0);
  }

  /** Calls of these kinds this governor started in the last minute. */
  private startedHere(kinds: readonly CallKind[]): number {
    const since = Date.now() - this.windowMs;
    let count = 0;
    for (const kind of kinds) {
      const times = this.startedAt.get(kind)!;
      while (times.length > 0 && times[0]! < since) times.shift();
      count += times.length;
    }
    return count;
  }

  /** Calls waiting for their turn (by kind), and calls under way. */
  depth(): { waiting: number; running: number; byKind: Record<CallKind, number> } {
    const byKind = Object.fromEntries(CALL_KINDS.map((kind) => [kind, this.waitingByKind.get(kind) ?? 0])) as Record<CallKind, number>;
    const shared = this.shared?.waitingCount ?? 0;
    return { waiting: this.readGate.size + this.readGate.pending + this.smoother.size + this.queue.size + shared, running: Math.max(0, this.queue.pending - shared), byKind };
  }

  get paused(): boolean {
    return this.queue.isPaused || (this.shared?.paused ?? false);
  }

  stop(): void {
    clearTimeout(this.resumeTimer);
    this.readGate.clear();
    this.smoother.clear();
    this.queue.clear();
  }
}
