import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiRequest } from '../lib/api-client';

const posConfigSchema = z.object({
  lanes: z.array(z.object({ id: z.string(), name: z.string() })),
  resultSeconds: z.number(),
  sandbox: z.boolean(),
  logoUrl: z.string(),
  cashierCodeRequired: z._default(z.boolean(), false),
});
export type PosConfig = z.infer<typeof posConfigSchema>;

export const configKeys = { all: ['config'] as const };

export function getConfigQueryOptions() {
  return queryOptions({
    queryKey: configKeys.all,
    queryFn: ({ signal }) => apiRequest('/api/config', posConfigSchema, { signal }),
    staleTime: Infinity,
  });
}

export function usePosConfig() {
  return useQuery(getConfigQueryOptions());
}
