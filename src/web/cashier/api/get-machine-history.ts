// GET /api/machine-history: the unattended machines' vends (with why any was refunded) and pump authorisations,
// newest first, from the journal. Cashier screens only.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { vendViewSchema } from '../../../domain/machine';
import { holdViewSchema } from '../../../domain/pre-auth';
import { cashierRequest } from '../../till/cashier-request';
import { historyKeys } from './history-keys';

const machineHistorySchema = z.object({ vends: z.array(vendViewSchema), pumps: z.array(holdViewSchema) });
export type MachineHistoryData = z.infer<typeof machineHistorySchema>;

export function getMachineHistory(signal?: AbortSignal): Promise<MachineHistoryData> {
  return cashierRequest('/api/machine-history', machineHistorySchema, { signal });
}

export function getMachineHistoryQueryOptions() {
  return queryOptions({
    queryKey: historyKeys.machines(),
    queryFn: ({ signal }) => getMachineHistory(signal),
  });
}

export function useMachineHistory() {
  return useQuery(getMachineHistoryQueryOptions());
}
