// GET /api/sales/:ref/after-sale: a finished sale afterwards: what can still be refunded, each refund as it stands,
// and whether it can be voided.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { afterSaleSchema, type AfterSale } from '../../../domain/after-sale';
import { cashierRequest } from '../../till/cashier-request';

export const afterSalePath = (ref: string) => `/api/sales/${encodeURIComponent(ref)}`;

export const afterSaleKeys = {
  all: ['after-sale'] as const,
  detail: (ref: string) => [...afterSaleKeys.all, ref] as const,
};

export function getAfterSale(ref: string, signal?: AbortSignal): Promise<AfterSale> {
  return cashierRequest(`${afterSalePath(ref)}/after-sale`, afterSaleSchema, { signal });
}

/** Read again every 2 s while a refund is on its way, so "Refund pending" turns into "Refunded" by itself. */
export function getAfterSaleQueryOptions(ref: string) {
  return queryOptions({
    queryKey: afterSaleKeys.detail(ref),
    queryFn: ({ signal }) => getAfterSale(ref, signal),
    refetchInterval: (query) => (query.state.data?.refunds.some((refund) => refund.status === 'pending') ? 2_000 : false),
  });
}

export function useAfterSale(ref: string) {
  return useQuery(getAfterSaleQueryOptions(ref));
}
