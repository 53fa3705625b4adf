// How the account's budget is shared out between live requests, and when the activity feed is worth its cost.
import { describe, expect, it } from 'vitest';
import { PollPolicy, readUrgency } from './poll-policy';

const policy = (live: number, activityFeed: 'auto' | 'on' | 'off' = 'auto', perMinute = 180) =>
  new PollPolicy({ perMinute, baseIntervalMs: 1_000, activityFeed }, () => live);

describe('the poll policy', () => {
  it('reads each live request every second while the budget allows it (104.4), without the feed', () => {
    expect(policy(1).intervalMs()).toBe(1_000);
    expect(policy(2).intervalMs()).toBe(1_000);
    expect(policy(2).feedOn()).toBe(false);
    expect(policy(0).feedOn()).toBe(false);
  });

  it('beyond that, reads the activity feed about once a second and spreads the rest of the budget over the requests', () => {
    for (const live of [3, 4, 12, 24]) expect(policy(live).feedOn()).toBe(true);
    expect(policy(4).feedIntervalMs()).toBe(1_000);
    // 180 a minute: 144 for routine reads, 60 of those for the feed, 84 left.
    expect(policy(4).intervalMs()).toBe(Math.ceil((4 * 60_000) / 84));
    expect(policy(24).intervalMs()).toBe(Math.ceil((24 * 60_000) / 84));
    // Whatever the lanes, reads, feed and headroom for money-moving calls fit in the budget.
    for (const live of [1, 2, 3, 4, 12, 24, 100]) {
      const p = policy(live);
      const perMinute = (live * 60_000) / p.intervalMs() + (p.feedOn() ? 60_000 / p.feedIntervalMs() : 0);
      expect(perMinute, `${live} lanes`).toBeLessThanOrEqual(180 * 0.8 + 0.5);
    }
  });

  it('can be told to read the feed always or never', () => {
    expect(policy(1, 'on').feedOn()).toBe(true);
    expect(policy(24, 'off').feedOn()).toBe(false);
    expect(policy(24, 'off').intervalMs()).toBe(Math.ceil((24 * 60_000) / 144));
  });

  it('a small budget reads the feed less often', () => {
    expect(policy(12, 'auto', 60).feedIntervalMs()).toBe(Math.ceil(60_000 / 21));
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
