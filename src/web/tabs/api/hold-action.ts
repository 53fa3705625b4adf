// The shape of every press on a tab (open, add a round, close, void): its answer is the tab as it now stands, and
// everything read about tabs is read again after it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HoldView } from '../../../domain/pre-auth';
import type { HoldDetail } from './get-hold';
import { holdKeys } from './hold-keys';

export function useHoldAction<Input>(request: (input: Input) => Promise<HoldView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (hold) => queryClient.setQueryData<HoldDetail>(holdKeys.detail(hold.id), (current) => current && { ...hold, events: current.events }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: holdKeys.all }),
  });
}
