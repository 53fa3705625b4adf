// GET /api/machines/:id/holds/:holdId: how a pump's authorisation stands; read every second until the pump finished or
// the authorisation ended without it.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { pumpViewSchema } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { machineKeys, machinePath } from './machine-keys';

export function getPump(id: string, holdId: string, signal?: AbortSignal) {
  return apiRequest(`${machinePath(id)}/holds/${encodeURIComponent(holdId)}`, pumpViewSchema, { signal });
}

export function getPumpQueryOptions(id: string, holdId: string) {
  return queryOptions({
    queryKey: machineKeys.pump(id, holdId),
    queryFn: ({ signal }) => getPump(id, holdId, signal),
    refetchInterval: (query) => {
      const pump = query.state.data;
      return pump && (pump.finished || ['cancelled', 'expired', 'voided', 'failed'].includes(pump.status)) ? false : 1000;
    },
  });
}

export function usePump(id: string, holdId: string) {
  return useQuery(getPumpQueryOptions(id, holdId));
}
