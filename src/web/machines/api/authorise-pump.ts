// POST /api/machines/:id/holds: the patron asks a pump for its fixed authorisation; the answer is the pump's hold, with
// the Payment Request to approve it by.
import { useMutation } from '@tanstack/react-query';
import { pumpViewSchema, type PumpView } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { machinePath } from './machine-keys';

export function authorisePump(id: string) {
  return apiRequest(`${machinePath(id)}/holds`, pumpViewSchema, { method: 'POST', body: {} });
}

export function useAuthorisePump(id: string, onSuccess: (pump: PumpView) => void) {
  return useMutation({ mutationFn: () => authorisePump(id), onSuccess });
}
