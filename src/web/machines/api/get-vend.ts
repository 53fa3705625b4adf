// GET /api/vends/:id: how a vend stands; read every second until it has its final answer.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { vendViewSchema, type VendStatus } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { machineKeys } from './machine-keys';

const FINAL_VEND: readonly VendStatus[] = ['vended', 'refunded', 'refund-failed', 'unpaid', 'failed'];

export function getVend(vendId: string, signal?: AbortSignal) {
  return apiRequest(`/api/vends/${encodeURIComponent(vendId)}`, vendViewSchema, { signal });
}

export function getVendQueryOptions(vendId: string) {
  return queryOptions({
    queryKey: machineKeys.vend(vendId),
    queryFn: ({ signal }) => getVend(vendId, signal),
    refetchInterval: (query) => (query.state.data && FINAL_VEND.includes(query.state.data.status) ? false : 1000),
  });
}

export function useVend(vendId: string) {
  return useQuery(getVendQueryOptions(vendId));
}
