import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DelayedFlag } from './delayed-flag';

describe('a flag shown only after its condition held for 3 s', () => {
  let shown: boolean[];
  let flag: DelayedFlag;
  beforeEach(() => {
    vi.useFakeTimers();
    shown = [];
    flag = new DelayedFlag(3_000, (on) => shown.push(on));
  });
  afterEach(() => {
    flag.dispose();
    vi.useRealTimers();
  });

  it('stays off for a drop shorter than 3 s', () => {
    flag.set(true);
    vi.advanceTimersByTime(2_999);
    flag.set(false);
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual([]);
  });

  it('turns on after 3 s of the condition, and off as soon as it ends', () => {
    flag.set(true);
    vi.advanceTimersByTime(2_999);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual([true]);
    // Told again while it holds: nothing new, and no second timer.
    flag.set(true);
    vi.advanceTimersByTime(5_000);
    expect(shown).toEqual([true]);
    flag.set(false);
    expect(shown).toEqual([true, false]);
  });

  it('counts the 3 s again from the start of the next drop', () => {
    flag.set(true);
    vi.advanceTimersByTime(2_000);
    flag.set(false);
    flag.set(true);
    vi.advanceTimersByTime(2_000);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(shown).toEqual([true]);
  });

  it('says nothing once disposed (the screen went away)', () => {
    flag.set(true);
    flag.dispose();
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual([]);
  });
});
