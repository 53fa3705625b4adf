// GET /api/machines/:id/job, as the machine: what it should do now (vend what was paid for, or dispense for an
// authorised pump); asked every half second, the way a machine polls.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { machineJobSchema } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { asMachine, machineKeys, machinePath } from './machine-keys';

export function getMachineJob(id: string, key: string, signal?: AbortSignal) {
  return apiRequest(`${machinePath(id)}/job`, machineJobSchema, { signal, headers: asMachine(key) });
}

/** Asks only once the machine has its key. */
export function getMachineJobQueryOptions(id: string, key: string | undefined) {
  return queryOptions({
    queryKey: machineKeys.job(id),
    queryFn: ({ signal }) => getMachineJob(id, key!, signal),
    enabled: Boolean(key),
    refetchInterval: 500,
  });
}

export function useMachineJob(id: string, key: string | undefined) {
  return useQuery(getMachineJobQueryOptions(id, key));
}
