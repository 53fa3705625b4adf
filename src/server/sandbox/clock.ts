// The sandbox clock: real time plus an offset that tests move forward, so expiry and the
// void/refund windows can be reached without waiting. The state file keeps the offset across restarts.

export interface Clock {
  nowMs(): number;
  nowIso(): string;
  advance(seconds: number): void;
  reset(): void;
  /** How far it is ahead of real time. */
  offsetMs(): number;
}

export function createClock(realNow: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    nowMs: () => realNow() + offsetMs,
    nowIso: () => new Date(realNow() + offsetMs).toISOString(),
    advance(seconds) {
      offsetMs += Math.round(seconds * 1000);
    },
    reset() {
      offsetMs = 0;
    },
    offsetMs: () => offsetMs,
  };
}
