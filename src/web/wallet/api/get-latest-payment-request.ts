// GET /sandbox/api/connections/:id/latest-payment-request: the till's Payment Request on a linked Connection. The
// wallet looks for it every second until it is there (403 before) and while it is `new`.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { paymentRequestSchema } from '../../../domain/centrapay';
import { apiRequest } from '../../lib/api-client';
import { asWallet, connectionPath, walletKeys } from './wallet-keys';

export function getLatestPaymentRequest(id: string, signal?: AbortSignal) {
  return apiRequest(`${connectionPath(id)}/latest-payment-request`, paymentRequestSchema, { headers: asWallet, signal });
}

/** `enabled`: once the Connection is linked. */
export function getLatestPaymentRequestQueryOptions(id: string, enabled: boolean) {
  return queryOptions({
    queryKey: walletKeys.latestPaymentRequest(id),
    queryFn: ({ signal }) => getLatestPaymentRequest(id, signal),
    enabled,
    retry: false,
    refetchInterval: (query) => (!query.state.data || query.state.data.status === 'new' ? 1000 : false),
  });
}

export function useLatestPaymentRequest(id: string, enabled: boolean) {
  return useQuery(getLatestPaymentRequestQueryOptions(id, enabled));
}
