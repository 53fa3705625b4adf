// GET /api/machines/:id: a machine as its patrons see it: its name, kind, products and prices, or the amount a pump
// authorises.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { machineViewSchema } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { machineKeys, machinePath } from './machine-keys';

export function getMachine(id: string, signal?: AbortSignal) {
  return apiRequest(machinePath(id), machineViewSchema, { signal });
}

export function getMachineQueryOptions(id: string) {
  return queryOptions({ queryKey: machineKeys.machine(id), queryFn: ({ signal }) => getMachine(id, signal) });
}

export function useMachine(id: string) {
  return useQuery(getMachineQueryOptions(id));
}
