// GET /sandbox/api/connections/:id/latest-payment-request: the till's Payment Request on a linked Connection; null
// until the till has made it. The wallet looks for it every second until it is there and while it is `new`. Centrapay's
// look-up answers 403 until the request exists, so until it has been seen the sandbox is asked first whether one is
// waiting on this connection (get-waiting): a patron who is only waiting meets no refusals.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { paymentRequestSchema } from '../../../domain/centrapay';
import { apiRequest } from '../../lib/api-client';
import { getWaiting } from './get-waiting';
import { asWallet, connectionPath, walletKeys } from './wallet-keys';

export function getLatestPaymentRequest(id: string, signal?: AbortSignal) {
  return apiRequest(`${connectionPath(id)}/latest-payment-request`, paymentRequestSchema, { headers: asWallet, signal });
}

/** `enabled`: once the Connection is linked. */
export function getLatestPaymentRequestQueryOptions(id: string, enabled: boolean) {
  return queryOptions({
    queryKey: walletKeys.latestPaymentRequest(id),
    queryFn: async ({ signal, client, queryKey }) => {
      // Once seen, the request stays the connection's latest: read it straight from Centrapay.
      const seen = client.getQueryData(queryKey) != null;
      if (!seen && !(await getWaiting(signal)).paymentRequests.some((waiting) => waiting.connectionId === id)) return null;
      return getLatestPaymentRequest(id, signal);
    },
    enabled,
    retry: false,
    refetchInterval: (query) => (!query.state.data || query.state.data.status === 'new' ? 1000 : false),
  });
}

export function useLatestPaymentRequest(id: string, enabled: boolean) {
  return useQuery(getLatestPaymentRequestQueryOptions(id, enabled));
}
