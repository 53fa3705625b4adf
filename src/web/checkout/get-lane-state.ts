// Lane state from the gateway: polled every second while a payment is pending, and pushed over SSE (use-lane-events).
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { laneStateSchema, type LaneState } from '../../domain/lane';
import { apiRequest } from '../lib/api-client';

export const laneKeys = {
  all: ['lanes'] as const,
  detail: (lane: string) => [...laneKeys.all, lane] as const,
};

export function getLaneState(lane: string, signal?: AbortSignal): Promise<LaneState> {
  return apiRequest(`/api/lanes/${encodeURIComponent(lane)}`, laneStateSchema, { signal });
}

export function getLaneStateQueryOptions(lane: string) {
  return queryOptions({
    queryKey: laneKeys.detail(lane),
    queryFn: ({ signal }) => getLaneState(lane, signal),
    // Poll while a payment is pending; stop by itself at a final status.
    refetchInterval: (query) => (query.state.data?.payment?.outcome === 'pending' ? 1000 : false),
    refetchIntervalInBackground: true,
    structuralSharing: false,
  });
}

export function useLaneState(lane: string) {
  return useQuery(getLaneStateQueryOptions(lane));
}

/** Writes a newer lane state into the cache; an older one (a slow poll after a push) is dropped. */
export function setLaneState(queryClient: QueryClient, state: LaneState): void {
  queryClient.setQueryData<LaneState>(laneKeys.detail(state.lane.id), (current) =>
    current && current.version > state.version ? current : state,
  );
}
