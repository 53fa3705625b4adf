// What every runner of a money call shares (after-sale refunds, pre-auth confirmations and releases): it can be
// stopped (its calls abandoned), woken by a cue, waits with backoff, tells whoever waits when Centrapay has answered,
// and writes Centrapay's answer to the journal however long the journal takes to come back.
import type { CentrapayClient } from './centrapay/client';
import { CuedWait } from './cued-wait';
import { JournalUnavailable, type Journal, type JournalFailure } from './journal/journal';

export interface RunnerTiming {
  /** The first wait between attempts or reads; it doubles up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
}

/** What a runner works with. */
export interface RunnerDeps extends RunnerTiming {
  client: CentrapayClient;
  journal: Journal;
  warn: (detail: object, message: string) => void;
}

export abstract class AnswerRunner {
  /** Settles once Centrapay has answered the work (or refused it), or the runner stopped. */
  readonly answered: Promise<void>;
  private settleAnswered!: () => void;
  private readonly controller = new AbortController();
  private readonly wait = new CuedWait(() => this.stopped);

  constructor(private readonly timing: RunnerTiming) {
    this.answered = new Promise((resolve) => {
      this.settleAnswered = resolve;
    });
  }

  /** Centrapay has answered: whoever waits for the answer may go on (the runner may still read on). */
  settle(): void {
    this.settleAnswered();
  }

  /** A cue (a webhook about the request): read now. */
  wake(): void {
    this.wait.wake();
  }

  stop(): void {
    this.controller.abort();
    this.wait.interrupt();
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  backoff(failures: number): number {
    return Math.min(this.timing.pollMs * 2 ** failures, this.timing.maxPollMs);
  }

  /** Waits `ms`, or less when a cue comes; true when one did. */
  sleep(ms: number): Promise<boolean> {
    return this.wait.sleep(ms);
  }

  /** Writes what Centrapay said; a journal that cannot be written is tried again (it is never Centrapay's answer). */
  protected async durably(write: () => void, warn: (failure: JournalFailure) => void): Promise<void> {
    for (let failures = 0; !this.stopped; failures += 1) {
      try {
        write();
        return;
      } catch (error) {
        if (!(error instanceof JournalUnavailable)) throw error;
        warn(error.failure);
        await this.sleep(this.backoff(failures));
      }
    }
  }
}

/** Starts the runner `make` builds under `key`, unless one runs there already; it leaves `runners` when it ends. */
export function startRunner<R extends AnswerRunner & { run(): Promise<void> }>(runners: Map<string, R>, key: string, make: () => R): R {
  const running = runners.get(key);
  if (running) return running;
  const runner = make();
  runners.set(key, runner);
  void runner.run().finally(() => {
    if (runners.get(key) === runner) runners.delete(key);
  });
  return runner;
}

/** Waits for Centrapay's answer to the runner's work, or `ms`, whichever comes first: the work goes on regardless. */
export async function answerWithin(runner: AnswerRunner | undefined, ms: number): Promise<void> {
  if (!runner) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([runner.answered, new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  })]);
  clearTimeout(timer);
}
