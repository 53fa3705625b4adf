// A finished sale afterwards (GET /api/sales/{ref}/after-sale), and refunds and voids of it. Presses that move money
// carry a key made when the cashier confirms: sent again, it is the same press and refunds nothing twice.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { afterSaleSchema } from '../../../domain/after-sale';
import { cashierRequest } from '../../till/cashier-request';

const salePath = (ref: string) => `/api/sales/${encodeURIComponent(ref)}`;

export const afterSaleKeys = {
  all: ['after-sale'] as const,
  detail: (ref: string) => [...afterSaleKeys.all, ref] as const,
};

/** Read again every 2 s while a refund is on its way, so "Refund pending" turns into "Refunded" by itself. */
export function getAfterSaleQueryOptions(ref: string) {
  return queryOptions({
    queryKey: afterSaleKeys.detail(ref),
    queryFn: ({ signal }) => cashierRequest(`${salePath(ref)}/after-sale`, afterSaleSchema, { signal }),
    refetchInterval: (query) => (query.state.data?.refunds.some((refund) => refund.status === 'pending') ? 2_000 : false),
  });
}

export interface RefundPress {
  /** Made once per press (`newPressKey`): sent again after a lost answer, it refunds nothing twice. */
  key: string;
  /** Undefined: the whole sale. */
  lines?: { sku: string; qty: number }[];
  reason: string;
  operatorId: string;
}

function useAfterSaleAction<Input>(ref: string, path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => cashierRequest(`${salePath(ref)}${path}`, afterSaleSchema, { method: 'POST', body: input }),
    onSuccess: (sale) => queryClient.setQueryData(afterSaleKeys.detail(ref), sale),
    onSettled: () => queryClient.invalidateQueries({ queryKey: afterSaleKeys.detail(ref) }),
  });
}

export function useRefundSale(ref: string) {
  return useAfterSaleAction<RefundPress>(ref, '/refunds');
}

export function useVoidSale(ref: string) {
  return useAfterSaleAction<Omit<RefundPress, 'lines'>>(ref, '/void');
}
