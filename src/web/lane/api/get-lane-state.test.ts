// The lane's cache entry takes each pushed change once: a press's answer at the version its push already brought tells
// no screen again (issue 20: every cashier render counts while the displays draw the QR code).
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { LaneState } from '../../../domain/lane';
import { laneKeys, setLaneState } from './get-lane-state';

function lane(version: number, serverTime: string): LaneState {
  return {
    lane: { id: 'l', name: 'L' }, cart: [], total: '0', order: null, step: null, payment: null, parts: [], counter: [], connection: null, settlement: null,
    notice: null, followUps: 0, tab: null, version, serverTime, resultSeconds: 10,
  };
}

/** A screen's read of the lane: how often it is told of a change. */
function watch(queryClient: QueryClient): { told: () => number } {
  let told = 0;
  const observer = new QueryObserver<LaneState>(queryClient, { queryKey: laneKeys.detail('l'), enabled: false, structuralSharing: false });
  observer.subscribe(() => {
    told += 1;
  });
  return { told: () => told };
}

describe('setLaneState', () => {
  it('takes a newer version, and neither the same one again nor an older one', async () => {
    const queryClient = new QueryClient();
    const screen = watch(queryClient);
    const pushed = lane(5, '2026-12-07T10:00:00.000Z');
    setLaneState(queryClient, pushed);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.told()).toBe(1);

    // The press's answer: the same lane at the same version, read a moment later.
    setLaneState(queryClient, lane(5, '2026-12-07T10:00:00.040Z'));
    // A slow poll from before the push.
    setLaneState(queryClient, lane(4, '2026-12-07T09:59:59.900Z'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queryClient.getQueryData(laneKeys.detail('l'))).toBe(pushed);
    expect(screen.told()).toBe(1);

    const next = lane(6, '2026-12-07T10:00:01.000Z');
    setLaneState(queryClient, next);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queryClient.getQueryData(laneKeys.detail('l'))).toBe(next);
    expect(screen.told()).toBe(2);
  });
});
