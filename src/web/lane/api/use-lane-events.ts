// Server-Sent Events of a lane, written into the same react-query cache entry that the fallback polling fills.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { useLaneStreamStore } from '../lane-stream-store';
import { laneKeys, setLaneState } from './get-lane-state';
import { openLaneEvents } from './lane-event-source';

/**
 * Keeps the lane's event stream open for as long as the screen shows the lane; true while it is open. `enabled`: false
 * once the gateway has said the lane does not exist (its stream would only be refused, again and again).
 */
export function useLaneEvents(lane: string, enabled = true): boolean {
  const queryClient = useQueryClient();
  const setOpen = useLaneStreamStore((state) => state.setOpen);

  useEffect(() => {
    if (!enabled) return;
    const close = openLaneEvents(lane, {
      onOpen: () => setOpen(lane, true),
      onDown: () => setOpen(lane, false),
      onLane: (data) => {
        const state = laneStateOf(data);
        // A push we cannot read is not trusted: read the state instead.
        if (state) setLaneState(queryClient, state);
        else void queryClient.invalidateQueries({ queryKey: laneKeys.detail(lane) });
      },
    });
    return () => {
      close();
      setOpen(lane, false);
    };
  }, [lane, enabled, queryClient, setOpen]);

  return useLaneStreamStore((state) => state.open[lane] === true);
}

function laneStateOf(data: string): LaneState | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    json = undefined;
  }
  const parsed = laneStateSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
