// GET /api/holds?open=1&kind=tab: every lane's open tabs; read every second while one waits for its patron, else every
// 10 s (another till's rounds).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { cashierRequest } from '../../till/cashier-request';
import { waitingForPatron } from './get-hold';
import { holdsSchema } from './get-holds';
import { holdKeys } from './hold-keys';

export function getOpenTabs(signal?: AbortSignal) {
  return cashierRequest('/api/holds?open=1&kind=tab', holdsSchema, { signal });
}

export function getOpenTabsQueryOptions() {
  return queryOptions({
    queryKey: holdKeys.openTabs(),
    queryFn: ({ signal }) => getOpenTabs(signal),
    select: (data) => data.holds,
    refetchInterval: (query) => (query.state.data?.holds.some(waitingForPatron) ? 1_000 : 10_000),
  });
}

export function useOpenTabs() {
  return useQuery(getOpenTabsQueryOptions());
}
