// GET /api/history/at-centrapay/:shortCode?lane=…: what Centrapay has under a short code the till's journal has no sale
// of (another till's receipt), asked with the key of the lane's store: when, how much, how it stands, its lines, what
// was refunded of it, and whether this till can refund it.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { foundSaleSchema, type FoundSale } from '../../../domain/found-sale';
import { cashierRequest } from '../../till/cashier-request';
import { historyKeys } from './history-keys';

export const atCentrapayPath = (shortCode: string) => `/api/history/at-centrapay/${encodeURIComponent(shortCode)}`;

export function getSaleAtCentrapay(shortCode: string, lane: string, signal?: AbortSignal): Promise<FoundSale> {
  return cashierRequest(`${atCentrapayPath(shortCode)}?lane=${encodeURIComponent(lane)}`, foundSaleSchema, { signal });
}

export function getSaleAtCentrapayQueryOptions(shortCode: string, lane: string) {
  return queryOptions({
    queryKey: historyKeys.atCentrapay(shortCode, lane),
    queryFn: ({ signal }) => getSaleAtCentrapay(shortCode, lane, signal),
  });
}

export function useSaleAtCentrapay(shortCode: string, lane: string) {
  return useQuery(getSaleAtCentrapayQueryOptions(shortCode, lane));
}
