// The one runner framework every engine's effects run on (Centrapay calls and timers). A runner does one effect: it
// calls Centrapay, retries what is safe to retry with backoff, can be cut short by a cue (a webhook said something
// changed) or stopped, and reports what it saw to its engine as an observation. It decides nothing itself. A report
// the journal could not record (a local failure) is made again: a runner never mistakes its own failure to write
// for Centrapay's answer.
import { CentrapayError } from '../centrapay/errors';
import { CuedWait } from './cued-wait';

export interface Backoff {
  /** The first wait after a failure; it doubles with each failure in a row. */
  baseMs: number;
  maxMs: number;
}

/** Waits, backoff and failure counting for one runner, ending early when it is stopped. */
export class Loop {
  failures = 0;
  failingSince: number | undefined;
  private attemptStarted = Date.now();
  private readonly wait = new CuedWait(() => this.stopped);

  constructor(
    readonly backoffs: Backoff,
    readonly signal: AbortSignal,
  ) {}

  get stopped(): boolean {
    return this.signal.aborted;
  }

  wake(): void {
    this.wait.wake();
  }

  interrupt(): void {
    this.wait.interrupt();
  }

  /** Waits `ms`, or less when woken by a cue; true when it was. */
  sleep(ms: number): Promise<boolean> {
    return this.wait.sleep(ms);
  }

  /** Marks the start of a call, so that a failure counts from when the call was made, not when it gave up. */
  attempt(): void {
    this.attemptStarted = Date.now();
  }

  succeeded(): void {
    this.failures = 0;
    this.failingSince = undefined;
  }

  /** Counts a failure; returns since when the calls have been failing. */
  failed(): number {
    this.failures += 1;
    this.failingSince ??= this.attemptStarted;
    return this.failingSince;
  }

  /** Exponential from the base, at most the maximum, never shorter than Centrapay's Retry-After. */
  backoff(error?: unknown): number {
    const retryAfter = error instanceof CentrapayError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
    return Math.max(retryAfter, Math.min(this.backoffs.baseMs * 2 ** Math.max(0, this.failures - 1), this.backoffs.maxMs));
  }
}

export interface Runner {
  /** Ends as soon as possible; anything it reports afterwards is old news its engine ignores. */
  stop(): void;
  /** Skips the wait before the next step (a webhook said this request changed). */
  wake(): void;
  readonly finished: Promise<void>;
}

/** Starts `work` on a fresh loop; it never throws (an unexpected error is logged and the runner ends). */
export function startRunner(backoff: Backoff, work: (loop: Loop) => Promise<unknown>, warn: (err: unknown) => void): Runner {
  const controller = new AbortController();
  const loop = new Loop(backoff, controller.signal);
  const finished = work(loop).then(() => undefined, (error: unknown) => {
    if (!controller.signal.aborted) warn(error);
  });
  return {
    stop: () => {
      controller.abort();
      loop.interrupt();
    },
    wake: () => loop.wake(),
    finished,
  };
}
