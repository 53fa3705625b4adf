// GET /api/machines/:id/sandbox-key: the key a demo machine calls with, which the sandbox hands the machine simulator.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiRequest } from '../../lib/api-client';
import { machineKeys, machinePath } from './machine-keys';

export function getSandboxKey(id: string, signal?: AbortSignal) {
  return apiRequest(`${machinePath(id)}/sandbox-key`, z.object({ key: z.string() }), { signal });
}

export function getSandboxKeyQueryOptions(id: string) {
  return queryOptions({
    queryKey: machineKeys.key(id),
    queryFn: ({ signal }) => getSandboxKey(id, signal),
    staleTime: Infinity,
  });
}

export function useSandboxKey(id: string) {
  return useQuery(getSandboxKeyQueryOptions(id));
}
