// Rolling one-minute window per calling key (§1.9): a sliding log, so a burst is
// refused until its oldest call is a minute old, and Retry-After says exactly when.

const WINDOW_MS = 60_000;

export interface RateLimiter {
  /** Records a call; returns seconds to wait when the key is over the limit (the call is then not counted). */
  take(key: string, nowMs: number, limitPerMinute: number): { ok: true } | { ok: false; retryAfterSeconds: number };
  reset(): void;
}

export function createRateLimiter(): RateLimiter {
  const calls = new Map<string, number[]>();
  return {
    take(key, nowMs, limitPerMinute) {
      const recent = (calls.get(key) ?? []).filter((at) => at > nowMs - WINDOW_MS);
      if (recent.length >= limitPerMinute) {
        calls.set(key, recent);
        const oldest = recent[0] ?? nowMs;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - nowMs) / 1000)) };
      }
      recent.push(nowMs);
      calls.set(key, recent);
      return { ok: true };
    },
    reset() {
      calls.clear();
    },
  };
}
