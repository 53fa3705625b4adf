// GET /api/cashier/store: the store this screen's cashier code unlocks, with its tills and kiosks. A cashier screen
// chooses among its own store's lanes only; the code is part of the key, so entering another store's code reads again.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { useCartStore } from '../../cart/cart-store';
import { cashierRequest } from '../cashier-request';

const place = z.object({ id: z.string(), name: z.string() });
const cashierStoreSchema = z.object({
  id: z.string(),
  name: z.string(),
  lanes: z.array(place),
  kiosks: z.array(place),
});
export type CashierStore = z.infer<typeof cashierStoreSchema>;

export const cashierStoreKeys = {
  all: ['cashier-store'] as const,
  of: (code: string) => [...cashierStoreKeys.all, code] as const,
};

export function getCashierStore(signal?: AbortSignal): Promise<CashierStore> {
  return cashierRequest('/api/cashier/store', cashierStoreSchema, { signal });
}

export function getCashierStoreQueryOptions(code: string) {
  return queryOptions({
    queryKey: cashierStoreKeys.of(code),
    queryFn: ({ signal }) => getCashierStore(signal),
    // The stores change only when the till restarts.
    staleTime: Infinity,
  });
}

/** Read once the screen may act as a cashier (`enabled`). */
export function useCashierStore(enabled: boolean) {
  const code = useCartStore((state) => state.cashierCode);
  return useQuery({ ...getCashierStoreQueryOptions(code), enabled });
}
