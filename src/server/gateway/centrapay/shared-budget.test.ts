// One account's budget shared by three instances (three governors, each with its own pool) on a real PostgreSQL, with
// 2 s windows instead of minutes so the tests are quick: the budget holds across them all, money-moving calls go first
// and keep the reserve, a 429 on one pauses all three, the poll policy's count is the account's, and a lost database
// leaves each instance its share.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cutOff, freshDatabase } from '../../../test-support/postgres-database';
import { RateBudgets } from './rate-budgets';
import { RateGovernor, type CallKind } from './rate-governor';

const WINDOW_MS = 2_000;
const BUDGET = 30; // a reserve of 2: reads, cues and the feed fill at most 28 places of a window
const ACCOUNT = 'account-1';
/**
 * A place is taken by the database's clock a moment before the call starts here (longer on a busy machine): a window
 * of the starts is checked a little short of the real one, by this much.
 */
const START_JITTER_MS = 100;
/** What "at once" allows on a busy machine (a place taken is a transaction of a few statements). */
const PROMPTLY_MS = 400;

interface Start {
  instance: number;
  kind: CallKind;
  label: string;
  at: number;
}

let url: string;
let instances: { budgets: RateBudgets; governor: RateGovernor }[] = [];
let starts: Start[] = [];
let t0 = 0;

beforeEach(async () => {
  url = await freshDatabase();
  starts = [];
  t0 = Date.now();
});

afterEach(async () => {
  for (const { governor, budgets } of instances) {
    governor.stop();
    await budgets.close();
  }
  instances = [];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `count` instances on the database, each sharing the account's budget, and waits until all know each other. */
async function startInstances(count: number): Promise<void> {
  instances = Array.from({ length: count }, () => {
    const budgets = RateBudgets.connect(url, { windowMs: WINDOW_MS });
    return { budgets, governor: new RateGovernor(BUDGET, {}, { shared: budgets.forAccount(ACCOUNT, BUDGET) }) };
  });
  await Promise.all(instances.map(({ budgets }) => budgets.start()));
  await sleep(WINDOW_MS / 12 + 50); // a heartbeat each, after all had their first
}

/** A call on instance `instance` that records when it started (ms since the test began). */
function call(instance: number, kind: CallKind, label: string = kind, urgency = 0): Promise<void> {
  return instances[instance]!.governor.run(kind, async () => {
    starts.push({ instance, kind, label, at: Date.now() - t0 });
  }, urgency);
}

/** The most calls (of `kinds`) started within any window. */
function busiestWindow(kinds: readonly CallKind[] = ['money', 'cue', 'feed', 'read']): number {
  const times = starts.filter(({ kind }) => kinds.includes(kind)).map(({ at }) => at).sort((a, b) => a - b);
  return Math.max(0, ...times.map((at, index) => times.slice(index).filter((other) => other < at + WINDOW_MS - START_JITTER_MS).length));
}

const startOf = (label: string) => starts.find((start) => start.label === label)?.at;

describe('one rate budget shared by every instance of an account', () => {
  it('never starts more than the budget in any window across three instances, and uses it', async () => {
    await startInstances(3);
    for (let instance = 0; instance < 3; instance += 1) {
      for (let i = 0; i < 40; i += 1) void call(instance, 'money');
      for (let i = 0; i < 60; i += 1) void call(instance, 'read');
      for (let i = 0; i < 10; i += 1) void call(instance, 'cue');
    }
    await sleep(3 * WINDOW_MS);
    // Each instance alone would start 30 a window: 90 together.
    expect(busiestWindow()).toBeLessThanOrEqual(BUDGET);
    expect(starts.length).toBeGreaterThanOrEqual(2 * BUDGET);
    expect(new Set(starts.map(({ instance }) => instance)).size).toBe(3);
  });

  it('keeps each place a little past the window, so the calls never land closer than a window apart at Centrapay', async () => {
    const margin = 500;
    const budgets = RateBudgets.connect(url, { windowMs: WINDOW_MS, marginMs: margin });
    instances = [{ budgets, governor: new RateGovernor(BUDGET, {}, { shared: budgets.forAccount(ACCOUNT, BUDGET) }) }];
    await budgets.start();
    await Promise.all(Array.from({ length: BUDGET }, (_, i) => call(0, 'money', `#${i}`)));
    await call(0, 'money', 'one more');
    // The window's first place frees a margin after the window, not at its end.
    expect(startOf('one more')! - startOf('#0')!).toBeGreaterThanOrEqual(WINDOW_MS + margin - START_JITTER_MS);
  });

  it('gives a freed place to a money-moving call first, on its own instance and across instances', async () => {
    await startInstances(3);
    await call(0, 'money', 'first');
    await sleep(1_000);
    await Promise.all(Array.from({ length: BUDGET - 1 }, () => call(0, 'money', 'filler')));
    // The window is full: reads wait on two instances, then a create comes behind them.
    for (let i = 0; i < 3; i += 1) void call(2, 'read', `read on 2 #${i}`, 0.9);
    void call(1, 'read', 'read on 1', 0.9);
    await sleep(100);
    void call(2, 'money', 'create on 2');
    await sleep(WINDOW_MS + 500);
    const first = startOf('first')!;
    const create = startOf('create on 2')!;
    // The first place to free (when "first" ages out) is the create's; reads only once the fillers have too, 1 s later.
    expect(create - first).toBeGreaterThanOrEqual(WINDOW_MS - START_JITTER_MS);
    expect(create - first).toBeLessThan(WINDOW_MS + PROMPTLY_MS);
    const reads = starts.filter(({ kind }) => kind === 'read').map(({ at }) => at);
    expect(reads).toHaveLength(4);
    for (const at of reads) expect(at).toBeGreaterThan(first + WINDOW_MS + 1_000 - START_JITTER_MS);
  });

  it('keeps the reserve for money-moving calls: reads from every instance never fill it', async () => {
    await startInstances(3);
    let feeding = true;
    const feed = async (instance: number) => {
      while (feeding) await call(instance, 'read');
    };
    const feeders = [0, 0, 1, 1, 2, 2].map((instance) => feed(instance));
    await sleep(WINDOW_MS + 500);
    const queuedAt = Date.now() - t0;
    void call(0, 'money', 'create on 0');
    void call(2, 'money', 'void on 2');
    await sleep(PROMPTLY_MS + 100);
    feeding = false;
    await Promise.all(feeders);
    expect(busiestWindow(['read'])).toBeLessThanOrEqual(BUDGET - 2);
    expect(busiestWindow(['read'])).toBeGreaterThanOrEqual(BUDGET - 4);
    // The window full of reads: both find a place of the reserve at once.
    expect(startOf('create on 0')! - queuedAt).toBeLessThan(PROMPTLY_MS);
    expect(startOf('void on 2')! - queuedAt).toBeLessThan(PROMPTLY_MS);
  });

  it('pauses every instance when one is answered 429, for its Retry-After', async () => {
    await startInstances(3);
    await call(1, 'read', 'before');
    const pausedAt = Date.now() - t0;
    await instances[0]!.governor.pauseFor(800);
    void call(1, 'money', 'void on 1');
    void call(2, 'read', 'read on 2');
    void call(0, 'money', 'create on 0');
    await sleep(400);
    expect(starts.map(({ label }) => label)).toEqual(['before']);
    expect(instances[2]!.governor.paused).toBe(true);
    await sleep(900);
    for (const label of ['void on 1', 'read on 2', 'create on 0']) {
      expect(startOf(label)).toBeGreaterThanOrEqual(pausedAt + 800 - START_JITTER_MS);
      expect(startOf(label)).toBeLessThan(pausedAt + 800 + PROMPTLY_MS);
    }
  });

  it('answers what the account spent in the window, on any instance', async () => {
    await startInstances(3);
    await Promise.all(Array.from({ length: 5 }, () => call(0, 'money')));
    await Promise.all(Array.from({ length: 3 }, () => call(1, 'cue')));
    await sleep(WINDOW_MS / 6 + 100); // a heartbeat or two
    expect(instances[2]!.governor.spentLastMinute(['money'])).toBe(5);
    expect(instances[2]!.governor.spentLastMinute(['money', 'cue'])).toBe(8);
    expect(instances[0]!.governor.spentLastMinute(['money', 'cue'])).toBe(8);
    await sleep(WINDOW_MS + 300);
    expect(instances[2]!.governor.spentLastMinute(['money', 'cue'])).toBe(0);
  });

  it('keeps each instance to its share while the database is lost, and counts what it started once it is back', async () => {
    await startInstances(3);
    await cutOff(url, true);
    const lostAt = Date.now() - t0;
    for (let i = 0; i < 15; i += 1) void call(0, 'money', `create ${i}`);
    await sleep(WINDOW_MS / 2);
    // A third of the budget, and no more, at once: money-moving calls are not held up.
    const onShare = starts.filter(({ at }) => at < lostAt + WINDOW_MS / 2);
    expect(onShare).toHaveLength(BUDGET / 3);
    for (const { at } of onShare) expect(at - lostAt).toBeLessThan(PROMPTLY_MS);
    // The rest once the first have aged out.
    await vi.waitFor(() => expect(starts).toHaveLength(15), { timeout: WINDOW_MS, interval: 20 });
    expect(starts.at(-1)!.at - lostAt).toBeGreaterThanOrEqual(WINDOW_MS - START_JITTER_MS);
    expect(busiestWindow()).toBeLessThanOrEqual(BUDGET / 3);
    // The database back: the calls started without it count in the shared window.
    await cutOff(url, false);
    await sleep(WINDOW_MS / 6 + 50); // a heartbeat of the first instance, which records them
    // Another instance, before the last five of those age out: the window has room for the budget less those five.
    for (let i = 0; i < BUDGET; i += 1) void call(1, 'money', `refund ${i}`);
    await sleep(WINDOW_MS / 6);
    expect(starts.filter(({ label }) => label.startsWith('refund'))).toHaveLength(BUDGET - 5);
  });
});
