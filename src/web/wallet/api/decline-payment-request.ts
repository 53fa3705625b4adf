// POST /sandbox/api/payment-requests/:id/cancel, as a patron: the patron declines; the request is cancelled with
// CANCELLED_BY_PATRON (a sandbox extension, see its README).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { paymentActivitySchema } from '../../../domain/centrapay';
import type { SeedPatron } from '../../../domain/sandbox-seeds';
import { apiRequest } from '../../lib/api-client';
import { asPatron, paymentRequestPath, walletKeys } from './wallet-keys';

export function declinePaymentRequest(id: string, patron: SeedPatron) {
  return apiRequest(`${paymentRequestPath(id)}/cancel`, paymentActivitySchema, { method: 'POST', headers: asPatron(patron), body: {} });
}

/** Declines, then reads the request again. */
export function useDeclinePaymentRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patron: SeedPatron) => declinePaymentRequest(id, patron),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.paymentRequest(id) }),
  });
}
