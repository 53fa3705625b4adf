// The shape of a refund or a void of a finished sale: its answer is the sale afterwards, kept at once and read again.
// Presses that move money carry a key made when the cashier confirms: sent again, it is the same press and refunds
// nothing twice.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AfterSale } from '../../../domain/after-sale';
import { afterSaleKeys } from './get-after-sale';

export function useAfterSaleAction<Input>(ref: string, request: (input: Input) => Promise<AfterSale>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (sale) => queryClient.setQueryData(afterSaleKeys.detail(ref), sale),
    onSettled: () => queryClient.invalidateQueries({ queryKey: afterSaleKeys.detail(ref) }),
  });
}
