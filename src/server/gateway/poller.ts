// Runs one step at a time on its own timer: the shape shared by the upstream pollers of Payment Requests and
// Connections. A step decides when the next one runs.
export abstract class Poller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** A cue (a webhook) that came while a step was running: run again as soon as it ends. */
  private again = false;
  protected failures = 0;
  protected stopped = false;

  constructor(protected readonly intervalMs: number) {}

  protected abstract step(): Promise<void>;

  schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  pollNow(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Runs a step now (or waits for the one under way) and resolves when it is done. */
  async runNow(): Promise<void> {
    if (this.running) return this.running;
    clearTimeout(this.timer);
    return this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Exponential backoff from the polling interval, at most 8 s, never shorter than Retry-After. */
  protected backoff(retryAfterSeconds = 0): number {
    return Math.max(retryAfterSeconds * 1000, Math.min(this.intervalMs * 2 ** this.failures, 8_000));
  }

  private run(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.step().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }
}
