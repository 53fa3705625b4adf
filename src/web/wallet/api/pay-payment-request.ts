// POST /sandbox/api/payment-requests/:id/pay: a patron pays a request in full or in part, or the rewards wallet pays
// the part its offer covers. Each carries an idempotency key: a double tap never pays twice.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { paymentActivitySchema } from '../../../domain/centrapay';
import { REWARDS_WALLET, type SeedPatron } from '../../../domain/sandbox-seeds';
import { apiRequest } from '../../lib/api-client';
import { asPatron, asWallet, paymentRequestPath, walletKeys } from './wallet-keys';

const pay = (id: string, headers: Record<string, string>, body: Record<string, unknown>) =>
  apiRequest(`${paymentRequestPath(id)}/pay`, paymentActivitySchema, { method: 'POST', headers, body });

export function payAsPatron(id: string, patron: SeedPatron, idempotencyKey: string) {
  return pay(id, asPatron(patron), { assetType: patron.assetType, assetId: patron.assetId, idempotencyKey });
}

/** Pays `amount` of a request that allows partial payment; the till collects the rest (centrapay-api.md §6.7). */
export function payPartAsPatron(id: string, patron: SeedPatron, amount: string, idempotencyKey: string) {
  return pay(id, asPatron(patron), { assetType: patron.assetType, assetId: patron.assetId, mode: 'partial-payment', amount, idempotencyKey });
}

/** The rewards wallet pays what its offer covers of a request on a linked Connection. */
export function payOffer(id: string, amount: string, idempotencyKey: string) {
  return pay(id, asWallet, { assetType: REWARDS_WALLET.assetType, authorization: `offer-${idempotencyKey}`, mode: 'multi-asset-payment', amount, idempotencyKey });
}

/** With an `amount`, pays that part of the request (only where the merchant allows partial payment); then reads it again. */
export function usePayAsPatron(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patron, amount, idempotencyKey }: { patron: SeedPatron; amount?: string; idempotencyKey: string }) =>
      amount ? payPartAsPatron(id, patron, amount, idempotencyKey) : payAsPatron(id, patron, idempotencyKey),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.paymentRequest(id) }),
  });
}

/** Pays the offer's part of the Connection's request, then reads that request again. */
export function usePayOffer(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ paymentRequestId, amount }: { paymentRequestId: string; amount: string }) => payOffer(paymentRequestId, amount, `${paymentRequestId}-rewards`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: walletKeys.latestPaymentRequest(connectionId) }),
  });
}
