// The account's one budget, on a fake clock: how much starts when, in what order, and what a 429 does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateGovernor, type CallKind } from './rate-governor';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-26T10:00:00.000Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Queues calls of these kinds (each answers at once) and records the order and the time each started. */
function starts(governor: RateGovernor) {
  const started: { label: string; at: number }[] = [];
  const t0 = Date.now();
  const call = (kind: CallKind, label: string, urgency = 0) =>
    governor.run(kind, async () => {
      started.push({ label, at: Date.now() - t0 });
    }, urgency);
  return { started, call, elapsed: () => Date.now() - t0 };
}

describe('the rate governor', () => {
  it('keeps a few places of the minute for money-moving calls: reads never take them, a burst of creates never waits', async () => {
    const governor = new RateGovernor(180);
    const { started, call, elapsed } = starts(governor);
    // A busy minute: half of it creates and voids, and more reads waiting than the rest can take.
    for (let i = 0; i < 90; i += 1) void call('money', `early${i}`);
    for (let i = 0; i < 300; i += 1) void call('read', `r${i}`);
    await vi.advanceTimersByTimeAsync(58_000);
    // The reads never take the reserve (5 of 180).
    expect(started.length).toBeLessThanOrEqual(175);
    expect(started.length).toBeGreaterThanOrEqual(170);
    const queuedAt = elapsed();
    for (let i = 0; i < 5; i += 1) void call('money', `m${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(started.filter(({ label }) => label.startsWith('m')).map(({ at }) => at - queuedAt)).toEqual([0, 0, 0, 0, 0]);
    governor.stop();
  });

  it('never starts more than the budget in any minute, nor reads faster than five sixths of its pace', async () => {
    const governor = new RateGovernor(180);
    const { started, call } = starts(governor);
    for (let i = 0; i < 400; i += 1) void call('read', `r${i}`);
    await vi.advanceTimersByTimeAsync(60_000);
    const firstMinute = started.filter(({ at }) => at < 60_000).length;
    expect(firstMinute).toBeLessThanOrEqual(150);
    expect(firstMinute).toBeGreaterThanOrEqual(145);
    // Money-moving calls on top, up to the budget and no further.
    for (let i = 0; i < 100; i += 1) void call('money', `m${i}`);
    // At most 5 reads in any 2 s: they cannot use up the minute and leave a create waiting until it has aged out.
    const reads = started.filter(({ label }) => label.startsWith('r'));
    for (const { at } of reads) expect(reads.filter((other) => other.at >= at && other.at < at + 2_000).length).toBeLessThanOrEqual(5);
    await vi.advanceTimersByTimeAsync(120_000);
    // Any 60 s window, sliding.
    for (const { at } of started) expect(started.filter((other) => other.at >= at && other.at < at + 60_000).length).toBeLessThanOrEqual(180);
    governor.stop();
  });

  it('starts money-moving calls first, then cued reads, the feed, and routine reads by urgency', async () => {
    const governor = new RateGovernor(6);
    const { started, call } = starts(governor);
    for (let i = 0; i < 6; i += 1) void call('money', 'blocker'); // the minute's budget, all taken
    await vi.advanceTimersByTimeAsync(10_000);
    void call('read', 'routine');
    void call('read', 'later routine');
    void call('read', 'near expiry', 0.9);
    void call('feed', 'feed');
    void call('cue', 'webhook cue');
    void call('money', 'void');
    void call('read', 'just shown', 0.6);
    void call('money', 'create');
    await vi.advanceTimersByTimeAsync(400_000);
    // The first routine read to come is already waiting for a place when the others come; they follow by urgency.
    expect(started.map(({ label }) => label).filter((label) => label !== 'blocker')).toEqual(['void', 'create', 'webhook cue', 'feed', 'routine', 'near expiry', 'just shown', 'later routine']);
    governor.stop();
  });

  it('never starves money-moving calls, however many reads are waiting', async () => {
    const governor = new RateGovernor(180);
    const { started, call, elapsed } = starts(governor);
    // Reads arriving faster than the budget, as steadily as pollers do: the window is full from then on.
    let reads = 0;
    const feeding = setInterval(() => {
      for (let i = 0; i < 10; i += 1) void call('read', `read ${reads++}`);
    }, 1_000);
    await vi.advanceTimersByTimeAsync(30_000);
    const queuedAt = elapsed();
    void call('money', 'create');
    await vi.advanceTimersByTimeAsync(2_000);
    clearInterval(feeding);
    const create = started.find(({ label }) => label === 'create');
    // Ahead of every read still waiting: it takes the next place the window frees, within a second or so.
    expect(create!.at - queuedAt).toBeLessThanOrEqual(1_500);
    expect(governor.depth().byKind.read).toBeGreaterThan(0);
    governor.stop();
  });

  it('shares routine reads fairly between lanes: each lane’s next read waits behind the others’, not forever', async () => {
    const governor = new RateGovernor(60);
    const reads = new Map<string, number>();
    // Twelve lanes, each with one read outstanding at a time, as the pollers do.
    const lanes = Array.from({ length: 12 }, (_, i) => `lane-${i}`);
    let running = true;
    for (const lane of lanes) {
      void (async () => {
        while (running) {
          await governor.run('read', async () => {
            reads.set(lane, (reads.get(lane) ?? 0) + 1);
          });
        }
      })();
    }
    await vi.advanceTimersByTimeAsync(120_000);
    running = false;
    const counts = lanes.map((lane) => reads.get(lane) ?? 0);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    governor.stop();
  });

  it('a 429 pauses the whole account for its Retry-After, then carries on in order', async () => {
    const throttled: number[] = [];
    const governor = new RateGovernor(180, { throttled: (ms) => throttled.push(ms) });
    const { started, call } = starts(governor);
    void call('read', 'before');
    await vi.advanceTimersByTimeAsync(0);
    governor.pauseFor(3_000);
    void call('money', 'void');
    void call('read', 'poll');
    await vi.advanceTimersByTimeAsync(2_900);
    expect(started.map(({ label }) => label)).toEqual(['before']);
    expect(governor.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(started.map(({ label }) => label)).toEqual(['before', 'void', 'poll']);
    expect(throttled).toEqual([3_000]);
    // A shorter Retry-After during a longer pause does not end it early.
    governor.pauseFor(5_000);
    governor.pauseFor(1_000);
    void call('money', 'refund');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(started.map(({ label }) => label)).not.toContain('refund');
    await vi.advanceTimersByTimeAsync(1_100);
    expect(started.map(({ label }) => label)).toContain('refund');
    governor.stop();
  });

  it('counts what waits, by kind, and what was spent in the last minute', async () => {
    const waited: [CallKind, number][] = [];
    const governor = new RateGovernor(2, { waited: (kind, ms) => waited.push([kind, ms]) });
    const { call } = starts(governor);
    void call('money', 'a');
    void call('money', 'b');
    void call('read', 'c');
    void call('money', 'd');
    await vi.advanceTimersByTimeAsync(0);
    // a and b took the minute's two places.
    expect(governor.depth().byKind).toMatchObject({ read: 1, money: 1 });
    expect(governor.spentLastMinute(['money'])).toBe(2);
    expect(governor.spentLastMinute(['money', 'read'])).toBe(2);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(governor.depth()).toMatchObject({ waiting: 0, byKind: { read: 0, money: 0 } });
    expect(waited.map(([kind]) => kind)).toEqual(['money', 'money', 'money', 'read']);
    expect(waited[2]![1]).toBeGreaterThanOrEqual(60_000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(governor.spentLastMinute(['money', 'read'])).toBe(0);
    governor.stop();
  });
});
