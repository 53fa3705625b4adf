// The wallet simulator calls the sandbox's Centrapay-compatible API as a patron, like a real wallet app would.
import { queryOptions } from '@tanstack/react-query';
import { paymentActivitySchema, paymentRequestSchema } from '../../domain/centrapay';
import { apiRequest } from '../lib/api-client';
import type { Patron } from './patrons';

const SANDBOX_API = '/sandbox/api';

export const walletKeys = {
  all: ['wallet'] as const,
  paymentRequest: (id: string) => [...walletKeys.all, 'payment-request', id] as const,
};

export function getPatronPaymentRequestQueryOptions(id: string, patron: Patron) {
  return queryOptions({
    queryKey: walletKeys.paymentRequest(id),
    queryFn: ({ signal }) =>
      apiRequest(`${SANDBOX_API}/payment-requests/${encodeURIComponent(id)}`, paymentRequestSchema, {
        headers: { Authorization: patron.token },
        signal,
      }),
    refetchInterval: (query) => (query.state.data?.status === 'new' ? 2000 : false),
  });
}

export function payAsPatron(id: string, patron: Patron, idempotencyKey: string) {
  return apiRequest(`${SANDBOX_API}/payment-requests/${encodeURIComponent(id)}/pay`, paymentActivitySchema, {
    method: 'POST',
    headers: { Authorization: patron.token },
    body: { assetType: patron.assetType, assetId: patron.assetId, idempotencyKey },
  });
}
