// The machines' API as the patron's phone and the machine simulator call it: one key factory, one query option or
// call per endpoint. Polling stops by itself once a vend or a pump's authorisation has its final answer.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { machineJobSchema, machineViewSchema, MACHINE_KEY_HEADER, pumpViewSchema, vendViewSchema, type VendStatus } from '../../domain/machine';
import { apiRequest } from '../lib/api-client';

export const machineKeys = {
  all: ['machines'] as const,
  machine: (id: string) => [...machineKeys.all, id] as const,
  vend: (vendId: string) => [...machineKeys.all, 'vend', vendId] as const,
  pump: (id: string, holdId: string) => [...machineKeys.all, id, 'pump', holdId] as const,
  job: (id: string) => [...machineKeys.all, id, 'job'] as const,
  key: (id: string) => [...machineKeys.all, id, 'sandbox-key'] as const,
};

const path = (id: string) => `/api/machines/${encodeURIComponent(id)}`;
const FINAL_VEND: readonly VendStatus[] = ['vended', 'refunded', 'refund-failed', 'unpaid', 'failed'];

export function getMachineQueryOptions(id: string) {
  return queryOptions({ queryKey: machineKeys.machine(id), queryFn: ({ signal }) => apiRequest(path(id), machineViewSchema, { signal }) });
}

export function buyProduct(id: string, sku: string) {
  return apiRequest(`${path(id)}/vends`, vendViewSchema, { method: 'POST', body: { sku } });
}

export function getVendQueryOptions(vendId: string) {
  return queryOptions({
    queryKey: machineKeys.vend(vendId),
    queryFn: ({ signal }) => apiRequest(`/api/vends/${encodeURIComponent(vendId)}`, vendViewSchema, { signal }),
    refetchInterval: (query) => (query.state.data && FINAL_VEND.includes(query.state.data.status) ? false : 1000),
  });
}

export function authorisePump(id: string) {
  return apiRequest(`${path(id)}/holds`, pumpViewSchema, { method: 'POST', body: {} });
}

export function getPumpQueryOptions(id: string, holdId: string) {
  return queryOptions({
    queryKey: machineKeys.pump(id, holdId),
    queryFn: ({ signal }) => apiRequest(`${path(id)}/holds/${encodeURIComponent(holdId)}`, pumpViewSchema, { signal }),
    refetchInterval: (query) => {
      const pump = query.state.data;
      return pump && (pump.finished || ['cancelled', 'expired', 'voided', 'failed'].includes(pump.status)) ? false : 1000;
    },
  });
}

// The machine's side (the simulator plays the machine on the sandbox, with the key the sandbox hands it).

export function getSandboxKeyQueryOptions(id: string) {
  return queryOptions({
    queryKey: machineKeys.key(id),
    queryFn: ({ signal }) => apiRequest(`${path(id)}/sandbox-key`, z.object({ key: z.string() }), { signal }),
    staleTime: Infinity,
  });
}

export function getJobQueryOptions(id: string, key: string | undefined) {
  return queryOptions({
    queryKey: machineKeys.job(id),
    queryFn: ({ signal }) => apiRequest(`${path(id)}/job`, machineJobSchema, { signal, headers: { [MACHINE_KEY_HEADER]: key! } }),
    enabled: Boolean(key),
    refetchInterval: 500,
  });
}

export function reportVended(id: string, key: string, vendId: string) {
  return apiRequest(`${path(id)}/vends/${encodeURIComponent(vendId)}/vended`, vendViewSchema, { method: 'POST', body: {}, headers: { [MACHINE_KEY_HEADER]: key } });
}

export function reportFailed(id: string, key: string, vendId: string, reason: string) {
  return apiRequest(`${path(id)}/vends/${encodeURIComponent(vendId)}/failed`, vendViewSchema, { method: 'POST', body: { reason }, headers: { [MACHINE_KEY_HEADER]: key } });
}

export function finishPump(id: string, key: string, holdId: string, amount: string) {
  return apiRequest(`${path(id)}/holds/${encodeURIComponent(holdId)}/finish`, pumpViewSchema, { method: 'POST', body: { amount }, headers: { [MACHINE_KEY_HEADER]: key } });
}
