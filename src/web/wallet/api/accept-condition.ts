// POST /sandbox/api/payment-requests/:id/conditions/:conditionId/accept, as a patron: the patron answers a check
// Centrapay asks of them (§6.9, an `awaiting-patron` condition), in their app.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { paymentActivitySchema } from '../../../domain/centrapay';
import type { SeedPatron } from '../../../domain/sandbox-seeds';
import { apiRequest } from '../../lib/api-client';
import { asPatron, paymentRequestPath, walletKeys } from './wallet-keys';

export function acceptCondition(id: string, conditionId: string, patron: SeedPatron) {
  return apiRequest(`${paymentRequestPath(id)}/conditions/${encodeURIComponent(conditionId)}/accept`, paymentActivitySchema, {
    method: 'POST', headers: asPatron(patron), body: {},
  });
}

/** Accepts, then reads the request again (on the QR's page, and as the patron's newest on My codes). */
export function useAcceptCondition(patron: SeedPatron) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, conditionId }: { id: string; conditionId: string }) => acceptCondition(id, conditionId, patron),
    onSettled: (_activity, _error, { id }) => Promise.all([
      queryClient.invalidateQueries({ queryKey: walletKeys.patronCodePaymentRequest(patron.id) }),
      queryClient.invalidateQueries({ queryKey: walletKeys.paymentRequest(id) }),
    ]),
  });
}
