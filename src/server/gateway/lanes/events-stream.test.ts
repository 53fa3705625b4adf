// A wait on Centrapay that ends at once is never drawn: the screens are sent its outcome (issue 20, fast again: four
// screens drawing a 20 ms "Starting payment…" took the cores the QR code was waiting for). A longer wait is sent once
// it has lasted TRANSIENT_STEP_MS, as its newest state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LaneState, LaneStep } from '../../../domain/lane';
import { holdingWaits, TRANSIENT_STEP_MS } from './events-stream';

/** Only what the stream looks at: the version (for the test) and whether the lane waits on Centrapay. */
function lane(version: number, step: LaneStep['kind'] | null): LaneState {
  return { version, step: step === null ? null : { kind: step, since: '', notice: null, cancelRequested: false, method: null, decision: null } } as unknown as LaneState;
}

describe('a lane event stream', () => {
  let sent: number[];
  let stream: ReturnType<typeof holdingWaits>;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    stream = holdingWaits((state) => sent.push(state.version));
  });
  afterEach(() => {
    stream.stop();
    vi.useRealTimers();
  });

  it('sends a state with nothing under way at once', () => {
    stream.push(lane(1, null));
    expect(sent).toEqual([1]);
  });

  it('never sends a wait that ends before it has lasted TRANSIENT_STEP_MS, only what it ended in', () => {
    stream.push(lane(1, 'creating'));
    vi.advanceTimersByTime(TRANSIENT_STEP_MS - 1);
    stream.push(lane(2, null));
    vi.advanceTimersByTime(10 * TRANSIENT_STEP_MS);
    expect(sent).toEqual([2]);
  });

  it('sends a longer wait once it has lasted TRANSIENT_STEP_MS, as its newest state, then what it ends in', () => {
    stream.push(lane(1, 'creating'));
    vi.advanceTimersByTime(TRANSIENT_STEP_MS / 2);
    // Its notice changed, or a cashier asked to cancel: the wait is still timed from its start.
    stream.push(lane(2, 'creating'));
    vi.advanceTimersByTime(TRANSIENT_STEP_MS / 2 - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([2]);
    stream.push(lane(3, 'creating'));
    vi.advanceTimersByTime(TRANSIENT_STEP_MS);
    stream.push(lane(4, null));
    expect(sent).toEqual([2, 3, 4]);
  });

  it('sends nothing more once stopped (the screen went away)', () => {
    stream.push(lane(1, 'cancelling'));
    stream.stop();
    vi.advanceTimersByTime(10 * TRANSIENT_STEP_MS);
    expect(sent).toEqual([]);
  });
});
