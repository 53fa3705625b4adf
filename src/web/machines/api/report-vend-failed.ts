// POST /api/machines/:id/vends/:vendId/failed, as the machine: the vend failed (a jam), so the patron is refunded.
import { useMutation } from '@tanstack/react-query';
import { vendViewSchema, type VendView } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { asMachine, machinePath } from './machine-keys';

export function reportVendFailed(id: string, key: string, vendId: string, reason: string) {
  return apiRequest(`${machinePath(id)}/vends/${encodeURIComponent(vendId)}/failed`, vendViewSchema, { method: 'POST', body: { reason }, headers: asMachine(key) });
}

export function useReportVendFailed(id: string, key: string, onSuccess: (vend: VendView) => void) {
  return useMutation({ mutationFn: ({ vendId, reason }: { vendId: string; reason: string }) => reportVendFailed(id, key, vendId, reason), onSuccess });
}
