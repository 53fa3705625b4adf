// How the account's budget is shared out between live requests, and when the activity feed is worth its cost.
import { describe, expect, it } from 'vitest';
import { PollPolicy, readUrgency } from './poll-policy';

const policy = (live: number, activityFeed: 'auto' | 'on' | 'off' = 'auto', perMinute = 180, spent = 0, webhooks = false) =>
  new PollPolicy({ perMinute, baseIntervalMs: 1_000, timeoutGraceMs: 7_000, activityFeed, webhooks }, () => live, () => spent);

describe('the poll policy', () => {
  it('reads each live request every second while the budget allows it (104.4), without the feed', () => {
    expect(policy(1).intervalMs()).toBe(1_000);
    expect(policy(2).intervalMs()).toBe(1_000);
    expect(policy(2).feedOn()).toBe(false);
    expect(policy(0).feedOn()).toBe(false);
  });

  it('beyond that, reads the activity feed about once a second and spreads what is left over the requests', () => {
    for (const live of [3, 4, 12, 24]) expect(policy(live).feedOn()).toBe(true);
    expect(policy(4).feedIntervalMs()).toBe(1_000);
    // 180 a minute: 135 for reads and the feed, 60 of those for the feed, 75 left.
    expect(policy(4).intervalMs()).toBe(Math.ceil((4 * 60_000) / 75));
    // What money-moving calls and cued reads spent in the last minute comes off first.
    expect(policy(4, 'auto', 180, 30).intervalMs()).toBe(Math.ceil((4 * 60_000) / 45));
    // However busy, each request is still read out of 5% of the budget.
    expect(policy(24, 'auto', 180, 500).intervalMs()).toBe(Math.ceil((24 * 60_000) / 9));
    // Whatever the lanes, reads and the feed leave a quarter of the budget for money-moving calls and cues.
    for (const live of [1, 2, 3, 4, 12, 24]) {
      const p = policy(live);
      const perMinute = (live * 60_000) / p.intervalMs() + (p.feedOn() ? 60_000 / p.feedIntervalMs() : 0);
      expect(perMinute, `${live} lanes`).toBeLessThanOrEqual(180 * 0.75 + 0.5);
    }
  });

  it('leaves the feed off when webhooks already say when a request is paid, and reads less on its own', () => {
    expect(policy(12, 'auto', 180, 0, true).feedOn()).toBe(false);
    expect(policy(12, 'on', 180, 0, true).feedOn()).toBe(true);
    expect(policy(12, 'auto', 180, 0, true).intervalMs()).toBe(Math.ceil((12 * 60_000) / 90));
  });

  it('reads a request when the till would time it out, however long the interval', () => {
    const now = Date.parse('2026-11-26T10:00:00.000Z');
    const busy = policy(24);
    expect(busy.intervalMs()).toBeGreaterThan(15_000);
    expect(busy.delayMs({ expiresAt: new Date(now + 3_000).toISOString() }, now)).toBe(10_000);
    expect(busy.delayMs({ expiresAt: new Date(now - 60_000).toISOString() }, now)).toBe(1_000);
    expect(busy.delayMs({ expiresAt: new Date(now + 600_000).toISOString() }, now)).toBe(busy.intervalMs());
  });

  it('can be told to read the feed always or never', () => {
    expect(policy(1, 'on').feedOn()).toBe(true);
    expect(policy(24, 'off').feedOn()).toBe(false);
    expect(policy(24, 'off').intervalMs()).toBe(Math.ceil((24 * 60_000) / 135));
  });

  it('a small budget reads the feed less often', () => {
    expect(policy(12, 'auto', 60).feedIntervalMs()).toBe(3_000);
  });

  it('reads the feed less often when creates and voids take much of the budget, so they always find a place', () => {
    // 24 busy lanes: 112 money-moving calls a minute. 180 × (0.92 − 0.05) − 112 = 44.6 feed reads a minute.
    expect(policy(24, 'auto', 180, 112).feedIntervalMs()).toBe(Math.ceil(60_000 / 44.6));
    // Never less often than every 4 s, however busy.
    expect(policy(24, 'auto', 180, 500).feedIntervalMs()).toBe(4_000);
    // With room to spare, once a second.
    expect(policy(24, 'auto', 180, 40).feedIntervalMs()).toBe(1_000);
  });

  it('reads requests near expiry, then just shown, before the rest', () => {
    const now = Date.parse('2026-11-26T10:00:00.000Z');
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(readUrgency(now, { createdAt: at(-60_000), expiresAt: at(5_000) })).toBe(0.9);
    expect(readUrgency(now, { createdAt: at(-60_000), expiresAt: at(-1_000) })).toBe(0.9);
    expect(readUrgency(now, { createdAt: at(-2_000), expiresAt: at(118_000) })).toBe(0.6);
    expect(readUrgency(now, { createdAt: at(-60_000), expiresAt: at(60_000) })).toBe(0);
  });
});
