// POST /api/machines/:id/holds/:holdId/finish, as the pump: it dispensed `amount`; exactly that is confirmed and the
// rest of the authorisation released. The machine's job is read again at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { pumpViewSchema, type PumpView } from '../../../domain/machine';
import { apiRequest } from '../../lib/api-client';
import { asMachine, machineKeys, machinePath } from './machine-keys';

export function finishPump(id: string, key: string, holdId: string, amount: string) {
  return apiRequest(`${machinePath(id)}/holds/${encodeURIComponent(holdId)}/finish`, pumpViewSchema, { method: 'POST', body: { amount }, headers: asMachine(key) });
}

export function useFinishPump(id: string, key: string, onSuccess: (pump: PumpView) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ holdId, amount }: { holdId: string; amount: string }) => finishPump(id, key, holdId, amount),
    onSuccess: (pump) => {
      onSuccess(pump);
      void queryClient.invalidateQueries({ queryKey: machineKeys.job(id) });
    },
  });
}
