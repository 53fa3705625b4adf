// A flag that turns on only once its condition has held for a while, and off as soon as it stops holding: the
// display's "Reconnecting…" shows after the link has been down for more than 3 s, never for a blip.
export class DelayedFlag {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private on = false;

  constructor(
    private readonly delayMs: number,
    private readonly onChange: (on: boolean) => void,
  ) {}

  set(holds: boolean): void {
    if (holds) {
      if (this.on || this.timer !== undefined) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.on = true;
        this.onChange(true);
      }, this.delayMs);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.on) {
      this.on = false;
      this.onChange(false);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
