// GET /api/holds?…: the history's tabs and authorisations, found like its sales (lane, day, and what was typed).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { holdViewSchema } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import type { HistorySearch } from '../../till/history-search';
import { holdKeys } from './hold-keys';

export const holdsSchema = z.object({ holds: z.array(holdViewSchema) });

export function getHolds(search: HistorySearch, signal?: AbortSignal) {
  const params = new URLSearchParams();
  if (search.lane) params.set('lane', search.lane);
  if (search.date) params.set('date', search.date);
  if (search.q.trim()) params.set('q', search.q.trim());
  return cashierRequest(`/api/holds?${params}`, holdsSchema, { signal });
}

export function getHoldsQueryOptions(search: HistorySearch) {
  return queryOptions({
    queryKey: holdKeys.search(search),
    queryFn: ({ signal }) => getHolds(search, signal),
    select: (data) => data.holds,
  });
}

export function useHolds(search: HistorySearch) {
  return useQuery(getHoldsQueryOptions(search));
}
