// GET /api/lanes/:lane: the lane's state from the gateway. Every change is pushed over Server-Sent Events
// (use-lane-events) into this cache entry; polling is only the fallback while that stream is down, so screens add no
// load while it is up. A lane the gateway says does not exist is asked about no more: the screen says so instead.
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { laneStateSchema, type LaneState } from '../../../domain/lane';
import { ApiError, apiRequest } from '../../lib/api-client';
import { useLaneStreamStore } from '../lane-stream-store';

const FALLBACK_POLL_MS = 1000;

export const laneKeys = {
  all: ['lanes'] as const,
  detail: (lane: string) => [...laneKeys.all, lane] as const,
};

export function getLaneState(lane: string, signal?: AbortSignal): Promise<LaneState> {
  return apiRequest(`/api/lanes/${encodeURIComponent(lane)}`, laneStateSchema, { signal });
}

/** The gateway's answer for a lane it does not have (an address with a wrong `?lane=`): asking again changes nothing. */
export function isUnknownLane(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'UNKNOWN_LANE';
}

export function getLaneStateQueryOptions(lane: string, streaming: boolean) {
  return queryOptions({
    queryKey: laneKeys.detail(lane),
    queryFn: ({ signal }) => getLaneState(lane, signal),
    // Not only while a payment is pending: with the stream down, polling is how a display learns that one started.
    refetchInterval: (query) => (streaming || isUnknownLane(query.state.error) ? false : FALLBACK_POLL_MS),
    refetchIntervalInBackground: true,
    structuralSharing: false,
  });
}

export function useLaneState(lane: string) {
  const streaming = useLaneStreamStore((state) => state.open[lane] === true);
  return useQuery(getLaneStateQueryOptions(lane, streaming));
}

/**
 * Writes a newer lane state into the cache; an older one (a slow poll after a push) is dropped, and so is the same one
 * again (a press's answer after its push: the same version is the same lane, only `serverTime` moved), which would
 * otherwise redraw every screen of the lane for nothing.
 */
export function setLaneState(queryClient: QueryClient, state: LaneState): void {
  // Answering undefined leaves the cache as it is and tells no screen.
  queryClient.setQueryData<LaneState>(laneKeys.detail(state.lane.id), (current) =>
    current && current.version >= state.version ? undefined : state,
  );
}
