// GET /api/preflight: the pre-flight checks of this cashier screen's store (its key, merchant configs, the clock,
// webhooks, the rate budget), the same as `npm run preflight` prints. Only an authorised cashier screen may ask: the
// gateway calls Centrapay with the store's key to answer. The code is part of the key, as for the store itself.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { preflightReportSchema, type PreflightReport } from '../../../domain/preflight';
import { useCartStore } from '../../cart/cart-store';
import { cashierRequest } from '../cashier-request';

export const preflightKeys = {
  all: ['preflight'] as const,
  of: (code: string) => [...preflightKeys.all, code] as const,
};

export function getPreflight(signal?: AbortSignal): Promise<PreflightReport> {
  return cashierRequest('/api/preflight', preflightReportSchema, { signal });
}

export function getPreflightQueryOptions(code: string) {
  return queryOptions({
    queryKey: preflightKeys.of(code),
    queryFn: ({ signal }) => getPreflight(signal),
    // A run calls Centrapay with the store's key and sends a test webhook: it runs when the page opens and when the
    // cashier asks again, never by itself, and a failure is shown as it is rather than tried again.
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function usePreflight() {
  const code = useCartStore((state) => state.cashierCode);
  return useQuery(getPreflightQueryOptions(code));
}
