// GET /api/catalog: the products this till sells, with the server's prices: the cashier's product buttons and the
// kiosk's tiles.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { catalogItemSchema } from '../../../domain/catalog';
import { apiRequest } from '../../lib/api-client';

const catalogResponseSchema = z.object({ items: z.array(catalogItemSchema) });

export const catalogKeys = { all: ['catalog'] as const };

export function getCatalog(signal?: AbortSignal) {
  return apiRequest('/api/catalog', catalogResponseSchema, { signal });
}

export function getCatalogQueryOptions() {
  return queryOptions({
    queryKey: catalogKeys.all,
    queryFn: ({ signal }) => getCatalog(signal),
    // Prices change with the till's configuration, i.e. with a restart: read them again now and then.
    staleTime: 5 * 60_000,
    select: (data) => data.items,
  });
}

export function useCatalog() {
  return useQuery(getCatalogQueryOptions());
}
