// A wait that a cue can cut short (a webhook or the activity feed says something changed): every runner's sleep.
export class CuedWait {
  private sleeping: ((woken: boolean) => void) | undefined;
  /** A cue that came while no wait was under way: the next wait is skipped, as if it had come during it. */
  private cued = false;

  constructor(private readonly stopped: () => boolean) {}

  wake(): void {
    if (this.sleeping) this.sleeping(true);
    else this.cued = true;
  }

  /** Ends a wait under way at once, as not cued (the runner was stopped). */
  interrupt(): void {
    this.sleeping?.(false);
  }

  /** Waits `ms`, or less when woken by a cue; true when it was. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped()) return Promise.resolve(false);
    if (this.cued) {
      this.cued = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.sleeping = undefined;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), ms);
      this.sleeping = done;
    });
  }
}
