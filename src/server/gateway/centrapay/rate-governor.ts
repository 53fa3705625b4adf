// One budget for every call this gateway makes to Centrapay (centrapay-api.md §1.9: 200 requests a minute per
// account). A p-queue in strict (sliding window) mode lets at most a sixth of the budget start in any 10 s, so no
// minute ever holds more than the budget, while the bursts of a busy moment pass at once; what waits goes by
// priority: money-moving calls first, then reads a
// cue says have changed (a webhook, the activity feed) and reconciliation look-ups, then the activity feed, then
// routine status reads, the most urgent of those first. A 429 pauses the whole queue for its Retry-After.
import PQueue from 'p-queue';

export type CallKind = 'money' | 'cue' | 'feed' | 'read';

/** Higher goes first; routine reads add an urgency below 1 (near expiry, just shown). */
const PRIORITY: Record<CallKind, number> = { money: 30, cue: 20, feed: 10, read: 0 };
export const CALL_KINDS = Object.keys(PRIORITY) as CallKind[];

export interface GovernorObserver {
  /** A call waited this long for its turn. */
  waited?: (kind: CallKind, ms: number) => void;
  /** Centrapay answered 429: the whole account pauses. */
  throttled?: (retryAfterMs: number) => void;
}

export class RateGovernor {
  private readonly queue: PQueue;
  private readonly waitingByKind = new Map<CallKind, number>();
  /** When each call of the last minute started, by kind. */
  private readonly startedAt = new Map<CallKind, number[]>(CALL_KINDS.map((kind) => [kind, []]));
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly perMinute: number,
    private readonly observer: GovernorObserver = {},
  ) {
    // `cap` calls in any window of `interval` (10 s at 180 a minute): `windows` of them cover any minute, so no 60 s
    // holds more than `perMinute`. Calls spread over the window free their places one by one, so once it is full
    // a money-moving call waits for the next place, not for the whole window.
    const cap = Math.max(1, Math.floor(perMinute / 6));
    const windows = Math.max(1, Math.floor(perMinute / cap));
    this.queue = new PQueue({ intervalCap: cap, interval: Math.ceil(60_000 / windows), strict: true });
  }

  /** Runs `call` when the budget allows, by priority; `urgency` (0–1) orders routine reads among themselves. */
  run<T>(kind: CallKind, call: () => Promise<T>, urgency = 0): Promise<T> {
    const queued = Date.now();
    this.waitingByKind.set(kind, (this.waitingByKind.get(kind) ?? 0) + 1);
    const priority = PRIORITY[kind] + (kind === 'read' ? Math.min(Math.max(urgency, 0), 0.99) : 0);
    return this.queue.add(
      () => {
        this.waitingByKind.set(kind, (this.waitingByKind.get(kind) ?? 1) - 1);
        this.observer.waited?.(kind, Date.now() - queued);
        this.startedAt.get(kind)!.push(Date.now());
        return call();
      },
      { priority },
    ) as Promise<T>;
  }

  /** Centrapay said 429: nothing more is sent on this account until Retry-After has passed. */
  pauseFor(retryAfterMs: number): void {
    const until = Date.now() + retryAfterMs;
    this.observer.throttled?.(retryAfterMs);
    if (until <= this.resumeAt) return;
    this.resumeAt = until;
    this.queue.pause();
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeAt = 0;
      this.queue.start();
    }, retryAfterMs);
    this.resumeTimer.unref();
  }

  /** Calls of these kinds started in the last minute. */
  spentLastMinute(kinds: readonly CallKind[]): number {
    const since = Date.now() - 60_000;
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
    return { waiting: this.queue.size, running: this.queue.pending, byKind };
  }

  get paused(): boolean {
    return this.queue.isPaused;
  }

  stop(): void {
    clearTimeout(this.resumeTimer);
    this.queue.clear();
  }
}
