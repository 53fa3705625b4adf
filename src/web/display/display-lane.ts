// Which lane a display shows. The address says (`?lane=`), else the lane this display was set up for if the till
// still has it, else the till's only lane; with several lanes and nothing remembered, the display asks to be set up.
import { useEffect } from 'react';
import { useDisplayLaneStore } from './display-lane-store';

interface Lane {
  id: string;
}

export function chooseDisplayLane(fromAddress: string | undefined, remembered: string | null, lanes: readonly Lane[]): string | null {
  // A lane in the address that does not exist is not replaced: the display says so, with the lanes that do.
  if (fromAddress) return fromAddress;
  if (remembered && lanes.some((lane) => lane.id === remembered)) return remembered;
  return lanes.length === 1 ? lanes[0]!.id : null;
}

/** Remembers the lane this display shows, once the till says it exists. */
export function useRememberDisplayLane(lane: string | null, lanes: readonly Lane[] | undefined): void {
  const remember = useDisplayLaneStore((state) => state.remember);
  const exists = lane !== null && lanes !== undefined && lanes.some((each) => each.id === lane);
  useEffect(() => {
    if (exists && lane) remember(lane);
  }, [exists, lane, remember]);
}

/** Opens this display on a lane: replaces the current page, so Back does not return to a used pairing code. */
export function openDisplayOf(lane: string): void {
  useDisplayLaneStore.getState().remember(lane);
  window.location.replace(`/display?lane=${encodeURIComponent(lane)}`);
}
