// GET /api/history?lane=…&limit=10: the lane's last sales, for the till's Recent payments; read every 15 s (and at
// once when the lane's sale has a new result: see HistoryPanel).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { cashierRequest } from '../../till/cashier-request';
import { saleSummarySchema } from './get-sales';
import { historyKeys } from './history-keys';

const recentSalesSchema = z.object({ items: z.array(saleSummarySchema) });

export function getRecentSales(lane: string, signal?: AbortSignal) {
  return cashierRequest(`/api/history?lane=${encodeURIComponent(lane)}&limit=10`, recentSalesSchema, { signal });
}

export function getRecentSalesQueryOptions(lane: string) {
  return queryOptions({
    queryKey: historyKeys.lane(lane),
    queryFn: ({ signal }) => getRecentSales(lane, signal),
    refetchInterval: 15_000,
  });
}

export function useRecentSales(lane: string) {
  return useQuery(getRecentSalesQueryOptions(lane));
}
