// GET /sandbox/api/payment-requests/:id, as a patron: the request the patron scanned; read every 2 s while it is `new`.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { paymentRequestSchema } from '../../../domain/centrapay';
import type { SeedPatron } from '../../../domain/sandbox-seeds';
import { apiRequest } from '../../lib/api-client';
import { asPatron, paymentRequestPath, walletKeys } from './wallet-keys';

export function getPaymentRequest(id: string, patron: SeedPatron, signal?: AbortSignal) {
  return apiRequest(paymentRequestPath(id), paymentRequestSchema, { headers: asPatron(patron), signal });
}

export function getPaymentRequestQueryOptions(id: string, patron: SeedPatron) {
  return queryOptions({
    queryKey: walletKeys.paymentRequest(id),
    queryFn: ({ signal }) => getPaymentRequest(id, patron, signal),
    refetchInterval: (query) => (query.state.data?.status === 'new' ? 2000 : false),
  });
}

export function usePaymentRequest(id: string, patron: SeedPatron) {
  return useQuery(getPaymentRequestQueryOptions(id, patron));
}
