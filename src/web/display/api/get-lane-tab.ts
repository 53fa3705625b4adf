// A bar tab being opened on this display's lane (GET /api/lanes/:lane/tab): the QR code while the patron has yet to
// authorise it, then how that ended for a moment. Read every 1.5 s: a tab is not part of the lane's state (it is no
// sale), so it is not pushed over the lane's events; the display still only reads.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { laneTabSchema } from '../../../domain/lane-tab';
import { apiRequest } from '../../lib/api-client';

export const laneTabKeys = {
  all: ['lane-tab'] as const,
  lane: (lane: string) => [...laneTabKeys.all, lane] as const,
};

export function getLaneTab(lane: string, signal?: AbortSignal) {
  return apiRequest(`/api/lanes/${encodeURIComponent(lane)}/tab`, laneTabSchema, { signal });
}

export function getLaneTabQueryOptions(lane: string) {
  return queryOptions({
    queryKey: laneTabKeys.lane(lane),
    queryFn: ({ signal }) => getLaneTab(lane, signal),
    select: (data) => data.tab,
    refetchInterval: 1_500,
    refetchIntervalInBackground: true,
  });
}

export function useLaneTab(lane: string) {
  return useQuery(getLaneTabQueryOptions(lane));
}
